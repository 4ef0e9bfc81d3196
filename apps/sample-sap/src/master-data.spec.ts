import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, type RunningSampleSap, startSampleSap } from './index';

// The master-data switch: SAMPLE_SAP_MASTER_DATA=false (or the drill) answers 404, as a system without the services.

let sap: RunningSampleSap;
const S4_AUTH = { authorization: `Basic ${Buffer.from('PORTAL_COMM_100:Sap#Demo100').toString('base64')}`, accept: 'application/json' };

async function b1Cookie(): Promise<string> {
  const res = await fetch(`${sap.url}/b1s/v1/Login`, {
    method: 'POST',
    body: JSON.stringify({ CompanyDB: 'SBODEMOID', UserName: 'manager', Password: 'B1#Demo1' }),
  });
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
const statuses = async () => {
  const cookie = await b1Cookie();
  const s4 = (p: string) => fetch(`${sap.url}/sap/opu/odata/sap/${p}`, { headers: S4_AUTH }).then((r) => r.status);
  const b1 = (p: string) => fetch(`${sap.url}/b1s/v1/${p}`, { headers: { cookie } }).then((r) => r.status);
  return {
    product: await s4('API_PRODUCT_SRV/A_Product'),
    partner: await s4('API_BUSINESS_PARTNER/A_BusinessPartner'),
    customer: await s4('API_BUSINESS_PARTNER/A_Customer'),
    b1Partners: await b1('BusinessPartners'),
    b1Items: await b1('Items'),
    b1Orders: await b1('Orders'),
  };
};

beforeAll(async () => {
  sap = await startSampleSap({ masterData: false });
});
afterAll(async () => {
  await sap?.close();
});

describe('the sample SAP without master data', () => {
  it('answers 404 for the master-data sets of both products, and serves the rest (A_Customer for names, documents)', async () => {
    expect(await statuses()).toEqual({ product: 404, partner: 404, customer: 200, b1Partners: 404, b1Items: 404, b1Orders: 200 });
    // A reset keeps the configured switch; the drill turns it on and off.
    sap.control.s4.reset();
    sap.control.b1.reset();
    expect((await statuses()).product).toBe(404);
    sap.control.s4.setFaults({ masterData: true });
    sap.control.b1.setFaults({ masterData: true });
    expect(await statuses()).toEqual({ product: 200, partner: 200, customer: 200, b1Partners: 200, b1Items: 200, b1Orders: 200 });
  });

  it('reads SAMPLE_SAP_MASTER_DATA', () => {
    expect(configFromEnv({ SAMPLE_SAP_MASTER_DATA: 'false' }).masterData).toBe(false);
    expect(configFromEnv({}).masterData).toBe(true);
  });
});
