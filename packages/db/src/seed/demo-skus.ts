import type pg from 'pg';

// The demo principal's own SKU catalogue (issue 13): products like the ones
// the sample DMS's documents carry (apps/sample-dms/src/data.ts: "Indomie
// Goreng 85g", units PCS/PAK/DUS/KRT), under the principal's own codes and
// names close enough for product mapping to suggest them by name; two carry
// the barcodes the sample DMS prints on those packs (IDM-GRG-85, SBN-LFB-85 in
// apps/sample-dms/src/master-data.ts), so they are suggested by barcode.

interface DemoSku {
  code: string;
  name: string;
  brand: string;
  category: string;
  baseUnit: string;
  conversions: { unit: string; factor: string }[];
  barcode: string | null;
}

const CARTON_48 = [
  { unit: 'PAK', factor: '6' },
  { unit: 'DUS', factor: '12' },
  { unit: 'KRT', factor: '48' },
];

export const DEMO_SKUS: DemoSku[] = [
  {
    code: 'NB-0001',
    name: 'Indomie Mi Goreng 85g',
    brand: 'Indomie',
    category: 'Mi Instan',
    baseUnit: 'PCS',
    conversions: CARTON_48,
    barcode: '8990000100010',
  },
  {
    code: 'NB-0002',
    name: 'Indomie Mi Goreng Jumbo 129g',
    brand: 'Indomie',
    category: 'Mi Instan',
    baseUnit: 'PCS',
    conversions: [{ unit: 'KRT', factor: '24' }],
    barcode: '8990000100028',
  },
  { code: 'NB-0003', name: 'Indomie Soto Mie 75g', brand: 'Indomie', category: 'Mi Instan', baseUnit: 'PCS', conversions: CARTON_48, barcode: '8990000100035' },
  {
    code: 'NB-0004',
    name: 'Indomie Ayam Bawang 69g',
    brand: 'Indomie',
    category: 'Mi Instan',
    baseUnit: 'PCS',
    conversions: CARTON_48,
    barcode: '8990000100042',
  },
  {
    code: 'NB-0101',
    name: 'Teh Botol Sosro 450ml',
    brand: 'Sosro',
    category: 'Minuman',
    baseUnit: 'BTL',
    conversions: [{ unit: 'KRT', factor: '24' }],
    barcode: '8990000200018',
  },
  {
    code: 'NB-0102',
    name: 'Teh Botol Sosro Kotak 250ml',
    brand: 'Sosro',
    category: 'Minuman',
    baseUnit: 'PCS',
    conversions: [{ unit: 'DUS', factor: '24' }],
    barcode: '8990000200025',
  },
  {
    code: 'NB-0201',
    name: 'Aqua Air Mineral 600ml',
    brand: 'Aqua',
    category: 'Minuman',
    baseUnit: 'BTL',
    conversions: [{ unit: 'KRT', factor: '24' }],
    barcode: '8990000300015',
  },
  {
    code: 'NB-0202',
    name: 'Aqua Air Mineral 1500ml',
    brand: 'Aqua',
    category: 'Minuman',
    baseUnit: 'BTL',
    conversions: [{ unit: 'KRT', factor: '12' }],
    barcode: '8990000300022',
  },
  {
    code: 'NB-0301',
    name: 'Kopi ABC Susu 200ml',
    brand: 'Kopi ABC',
    category: 'Minuman',
    baseUnit: 'PCS',
    conversions: [{ unit: 'DUS', factor: '24' }],
    barcode: '8990000400012',
  },
  {
    code: 'NB-0302',
    name: 'Kopi ABC Susu Sachet 31g',
    brand: 'Kopi ABC',
    category: 'Minuman',
    baseUnit: 'SACHET',
    conversions: [
      { unit: 'RENCENG', factor: '10' },
      { unit: 'KRT', factor: '120' },
    ],
    barcode: null,
  },
  {
    code: 'NB-0401',
    name: 'Sabun Lifebuoy Merah 85g',
    brand: 'Lifebuoy',
    category: 'Perawatan Tubuh',
    baseUnit: 'PCS',
    conversions: CARTON_48,
    barcode: '8990000500018',
  },
  {
    code: 'NB-0402',
    name: 'Sabun Cair Lifebuoy 450ml',
    brand: 'Lifebuoy',
    category: 'Perawatan Tubuh',
    baseUnit: 'BTL',
    conversions: [{ unit: 'KRT', factor: '12' }],
    barcode: '8990000500026',
  },
  {
    code: 'NB-0501',
    name: 'Roma Kelapa 300g',
    brand: 'Roma',
    category: 'Biskuit',
    baseUnit: 'PCS',
    conversions: [
      { unit: 'DUS', factor: '12' },
      { unit: 'KRT', factor: '24' },
    ],
    barcode: '8990000600016',
  },
  {
    code: 'NB-0601',
    name: 'Susu Kental Manis Frisian Flag 370g',
    brand: 'Frisian Flag',
    category: 'Susu',
    baseUnit: 'KLG',
    conversions: [{ unit: 'KRT', factor: '48' }],
    barcode: '8990000700013',
  },
  {
    code: 'NB-0602',
    name: 'Susu Kental Manis Frisian Flag Sachet 40g',
    brand: 'Frisian Flag',
    category: 'Susu',
    baseUnit: 'SACHET',
    conversions: [
      { unit: 'RENCENG', factor: '6' },
      { unit: 'KRT', factor: '144' },
    ],
    barcode: null,
  },
];

/** Idempotent: a code the principal has is left alone (a user may have edited it), the rest added. */
export async function seedDemoSkus(client: pg.Client, principalEmail: string): Promise<number> {
  const org = await client.query<{ organization_id: string }>('select organization_id from users where email = $1', [principalEmail]);
  const organizationId = org.rows[0]?.organization_id;
  if (!organizationId) return 0;
  const added = await client.query(
    `insert into principal_skus (id, organization_id, code, name, brand, category, base_unit, conversions, barcode, updated_at)
     select gen_random_uuid(), $1, s.code, s.name, s.brand, s.category, s.base_unit, s.conversions, s.barcode, now()
       from jsonb_to_recordset($2::jsonb) as s(code text, name text, brand text, category text, base_unit text, conversions jsonb, barcode text)
     on conflict (organization_id, code) do nothing`,
    [organizationId, JSON.stringify(DEMO_SKUS.map((s) => ({ ...s, base_unit: s.baseUnit })))],
  );
  return added.rowCount ?? 0;
}
