import { bool, date, type EntitySetDef, key, quantity, str, timestamp, uom } from '../edm';
import type { Family, ServiceDef } from '../family';
import { DAY_MS, MATERIALS, midnight } from '../seed';

// API_PRODUCT_SRV: the materials every document names, with their base unit
// (PC), their units of measure (the case the documents sell in, and a few
// others whose conversion is a true fraction) and descriptions in two
// languages. 1 alternative unit = QuantityNumerator / QuantityDenominator
// base units, as in SAP's MARM table.

const product: EntitySetDef = {
  set: 'A_Product',
  typeName: 'A_ProductType',
  label: 'Product',
  properties: [
    key('Product', 40, 'Product', { quickinfo: 'Product Number' }),
    str('ProductType', 4, 'Product Type', { displayFormat: 'UpperCase' }),
    str('CrossPlantStatus', 2, 'X-Plant Status', { displayFormat: 'UpperCase', quickinfo: 'Cross-Plant Product Status' }),
    date('CreationDate', 'Created On'),
    str('CreatedByUser', 12, 'Created By'),
    date('LastChangeDate', 'Last Change', { quickinfo: 'Date of Last Change' }),
    str('LastChangedByUser', 12, 'Changed By', { quickinfo: 'Name of Person Who Changed Object' }),
    bool('IsMarkedForDeletion', 'DF at client level', { quickinfo: 'Flag Product for Deletion (at Client Level)' }),
    str('ProductOldID', 40, 'Old product number', { displayFormat: 'UpperCase' }),
    str('ProductGroup', 9, 'Product Group', { displayFormat: 'UpperCase' }),
    uom('BaseUnit', 'Base Unit of Measure'),
    str('ItemCategoryGroup', 4, 'Gen. item cat. grp', { displayFormat: 'UpperCase', quickinfo: 'General item category group' }),
    str('Division', 2, 'Division', { displayFormat: 'UpperCase' }),
    str('ProductStandardID', 18, 'EAN/UPC', { displayFormat: 'UpperCase', quickinfo: 'International Article Number (EAN/UPC)' }),
    str('InternationalArticleNumberCat', 2, 'EAN category', { displayFormat: 'UpperCase', quickinfo: 'Category of International Article Number (EAN)' }),
    str('Brand', 4, 'Brand', { displayFormat: 'UpperCase', since: 'current' }),
    timestamp('LastChangeDateTime', 'Time Stamp', { concurrency: true }),
  ],
  navigations: [
    { name: 'to_Description', target: 'A_ProductDescription', multiplicity: '*' },
    { name: 'to_ProductUnitsOfMeasure', target: 'A_ProductUnitsOfMeasure', multiplicity: '*' },
  ],
};

const description: EntitySetDef = {
  set: 'A_ProductDescription',
  typeName: 'A_ProductDescriptionType',
  label: 'Product Description',
  properties: [key('Product', 40, 'Product'), key('Language', 2, 'Language Key'), str('ProductDescription', 40, 'Product Description')],
  navigations: [],
};

const unitsOfMeasure: EntitySetDef = {
  set: 'A_ProductUnitsOfMeasure',
  typeName: 'A_ProductUnitsOfMeasureType',
  label: 'Units of Measure for Product',
  properties: [
    key('Product', 40, 'Product'),
    { ...uom('AlternativeUnit', 'Alternative Unit'), key: true, displayFormat: 'UpperCase' },
    quantity('QuantityNumerator', 5, 0, 'Numerator', 'BaseUnit', { quickinfo: 'Numerator for Conversion to Base Units of Measure' }),
    quantity('QuantityDenominator', 5, 0, 'Denominator', 'AlternativeUnit', { quickinfo: 'Denominator for conversion to base units of measure' }),
    str('GlobalTradeItemNumber', 18, 'EAN/UPC', { displayFormat: 'UpperCase', quickinfo: 'International Article Number (EAN/UPC)' }),
    str('GlobalTradeItemNumberCategory', 2, 'EAN category', { displayFormat: 'UpperCase' }),
    uom('BaseUnit', 'Base Unit of Measure'),
  ],
  navigations: [],
};

/** Brands by product group's owner (SAP's Brand is four characters). */
const BRANDS: Record<string, string> = {
  'FG-IDM-GRG-85': 'IDMI',
  'FG-TBS-450': 'SOSR',
  'FG-AQA-600': 'AQUA',
  'FG-KPA-ABC-31': 'ABC',
  'FG-SBN-LFB-85': 'LFBY',
  'FG-SKM-FF-370': 'FRFL',
  'FG-RMA-KLP-300': 'ROMA',
  'FG-PPS-190': 'PPSD',
};

/** Units besides the base unit and the case: numerator / denominator base units each. */
const MORE_UNITS: Record<string, { unit: string; numerator: number; denominator: number }[]> = {
  // A renceng (strip) of 10 sachets, and the dozen, sold by some outlets.
  'FG-KPA-ABC-31': [
    { unit: 'STR', numerator: 10, denominator: 1 },
    { unit: 'DZN', numerator: 12, denominator: 1 },
  ],
  // One litre is 5/3 bottles of 600 ml: a factor that does not end (1.666…).
  'FG-AQA-600': [{ unit: 'L', numerator: 5, denominator: 3 }],
  // The half case, stored unreduced as SAP often has it: 24/2 = 12.
  'FG-TBS-450': [{ unit: 'HCS', numerator: 24, denominator: 2 }],
};

/** A valid EAN-13 for a material (899 is Indonesia's GS1 prefix). */
function ean13(i: number, variant: number): string {
  const body = `899${String(1_000_000 + i * 101 + variant * 7).padStart(9, '0')}`;
  const sum = [...body].reduce((s, d, n) => s + Number(d) * (n % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** In key order, so the generator's index order is the set's key order. */
const SORTED = [...MATERIALS].sort((a, b) => (a.code < b.code ? -1 : 1));
const CREATED = Date.UTC(2025, 4, 12);
/** Product i last changed here (after the partners, before any document), until touched. */
const productChangeTime = (i: number) => Date.UTC(2025, 11, 1, 3, 0, 0) + i * (DAY_MS / 2) + ((i * 104_729) % 3_600_000);

const products: Family = {
  name: 'product',
  header: product,
  children: [description, unitsOfMeasure],
  count: () => SORTED.length,
  changeTime: (_ctx, i) => productChangeTime(i),
  indexOf: (_ctx, k) => {
    const i = SORTED.findIndex((m) => m.code === k.Product);
    return i < 0 ? null : i;
  },
  generate(_ctx, i, change) {
    const m = SORTED[i]!;
    const changed = change?.time ?? productChangeTime(i);
    // A touched product's texts gain a revision mark, so the change shows.
    const text = (change ? `${m.name} (rev ${change.version})` : m.name).slice(0, 40);
    const units = [
      { unit: 'PC', numerator: 1, denominator: 1, ean: ean13(i, 0) },
      { unit: 'CS', numerator: m.perCase, denominator: 1, ean: ean13(i, 1) },
      ...(MORE_UNITS[m.code] ?? []).map((u, n) => ({ ...u, ean: n === 0 ? ean13(i, 2) : '' })),
    ];
    return {
      header: {
        Product: m.code,
        ProductType: 'FERT',
        CrossPlantStatus: '',
        CreationDate: CREATED + i * DAY_MS,
        CreatedByUser: 'CB9980000010',
        LastChangeDate: midnight(changed),
        LastChangedByUser: change ? 'CB9980000011' : 'CB9980000010',
        IsMarkedForDeletion: false,
        ProductOldID: '',
        ProductGroup: m.group,
        BaseUnit: 'PC',
        ItemCategoryGroup: 'NORM',
        Division: '00',
        ProductStandardID: ean13(i, 0),
        InternationalArticleNumberCat: 'HE',
        Brand: BRANDS[m.code] ?? '',
        LastChangeDateTime: changed,
      },
      children: {
        A_ProductDescription: [
          { Product: m.code, Language: 'EN', ProductDescription: text },
          { Product: m.code, Language: 'ID', ProductDescription: text },
        ],
        A_ProductUnitsOfMeasure: units.map((u) => ({
          Product: m.code,
          AlternativeUnit: u.unit,
          QuantityNumerator: String(u.numerator),
          QuantityDenominator: String(u.denominator),
          GlobalTradeItemNumber: u.ean,
          GlobalTradeItemNumberCategory: u.ean ? 'HE' : '',
          BaseUnit: 'PC',
        })),
      },
    };
  },
};

export const productService: ServiceDef = { name: 'API_PRODUCT_SRV', families: [products] };
