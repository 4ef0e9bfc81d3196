// A bare HTTP client for the S/4HANA specs: plain fetch, so the tests see
// exactly what a connector would (status, headers, raw text).

export const BASIC_100 = `Basic ${Buffer.from('PORTAL_COMM_100:Sap#Demo100').toString('base64')}`;
export const BASIC_200 = `Basic ${Buffer.from('PORTAL_COMM_200:Sap#Demo200').toString('base64')}`;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON (any: specs read arbitrary OData payloads), or null when the body is not JSON. */
  json: any;
}

export function s4Client(baseUrl: string) {
  const request = async (
    path: string,
    opts: { method?: string; auth?: string | null; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Answer> => {
    const url = path.startsWith('http') ? path : `${baseUrl}${path}`;
    const res = await fetch(url, {
      method: opts.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(opts.auth === null ? {} : { authorization: opts.auth ?? BASIC_100 }),
        ...opts.headers,
      },
      ...(opts.body !== undefined ? { body: opts.body } : {}),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, headers: res.headers, text, json };
  };

  /** Every row of a collection, following __next to the end. */
  const readAll = async (path: string, opts: { auth?: string; headers?: Record<string, string> } = {}) => {
    const rows: any[] = [];
    const pages: Answer[] = [];
    let next: string | undefined = path;
    while (next) {
      const page = await request(next, opts);
      if (page.status !== 200) throw new Error(`${page.status} ${page.text}`);
      pages.push(page);
      rows.push(...page.json.d.results);
      next = page.json.d.__next;
    }
    return { rows, pages };
  };
  return { request, readAll };
}

export const SO = '/sap/opu/odata/sap/API_SALES_ORDER_SRV';
export const BILLING = '/sap/opu/odata/sap/API_BILLING_DOCUMENT_SRV';
export const SUPPLIER_INVOICE = '/sap/opu/odata/sap/API_SUPPLIERINVOICE_PROCESS_SRV';
export const PO = '/sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV';
export const BP = '/sap/opu/odata/sap/API_BUSINESS_PARTNER';

/** `/Date(1767854579348+0000)/` → 1767854579348 */
export const dateMs = (v: string) => Number(/^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(v)![1]);

/** "1234.560" → 1234560 (thousandths), exact for the magnitudes generated. */
export const scaled = (v: string, scale = 3) => {
  const [whole, frac = ''] = v.split('.');
  return Number(whole) * 10 ** scale + Number(frac.padEnd(scale, '0') || 0);
};
