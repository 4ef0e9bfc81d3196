import { randomBytes } from 'node:crypto';

// SAP Gateway's JSON error body, with the transaction id a support desk asks for.

interface SapErrorBody {
  error: {
    code: string;
    message: { lang: 'en'; value: string };
    innererror: {
      application: { component_id: string; service_namespace: string; service_id: string; service_version: string };
      transactionid: string;
      timestamp: string;
      Error_Resolution: { SAP_Transaction: string; SAP_Note: string };
      errordetails: { code: string; message: string; propertyref: string; severity: 'error'; target: string }[];
    };
  };
}

/** "20261201235959.1234567": SAP's UTC timestamp in long form. */
function sapTimestamp(now = new Date()): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 19).replace(/[-T:]/g, '')}.${iso.slice(20, 23)}0000`;
}

export function sapError(code: string, message: string, service = ''): SapErrorBody {
  return {
    error: {
      code,
      message: { lang: 'en', value: message },
      innererror: {
        application: { component_id: service ? 'SD-SLS-API' : '', service_namespace: '/SAP/', service_id: service, service_version: '0001' },
        transactionid: randomBytes(16).toString('hex').toUpperCase(),
        timestamp: sapTimestamp(),
        Error_Resolution: {
          SAP_Transaction:
            'For backend administrators: use ADT feed reader "SAP Gateway Error Log" or run transaction /IWFND/ERROR_LOG on SAP Gateway hub system and search for entries with the timestamp above for more details',
          SAP_Note: 'See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)',
        },
        errordetails: [{ code, message, propertyref: '', severity: 'error', target: '' }],
      },
    },
  };
}

/** The codes the sample answers with, named after the Gateway message classes that carry them. */
export const SAP_ERRORS = {
  badRequest: '/IWBEP/CM_MGW_RT/022',
  notFound: '/IWBEP/CM_MGW_RT/020',
  serviceNotFound: '/IWFND/MED/170',
  unauthorized: '/IWFND/CM_CONSUMER/101',
  csrf: '/IWFND/CM_BEC/026',
  internal: '/IWBEP/CM_MGW_RT/000',
  unavailable: '/IWFND/CM_BEC/003',
  throttled: '/IWFND/CM_BEC/029',
  notAcceptable: '/IWBEP/CM_MGW_RT/035',
} as const;
