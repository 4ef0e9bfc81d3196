import { describe, expect, it } from 'vitest';
import { startSampleSap } from './index';

describe('sample SAP', () => {
  it('starts on a free port and stops', async () => {
    const sap = await startSampleSap();
    expect(sap.port).toBeGreaterThan(0);
    await sap.close();
  });
});
