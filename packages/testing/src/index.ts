export { testDmsCatalogue } from './dms-catalogue';
export { Agent, type InjectTarget, randomIp, uniqueEmail } from './agent';
export { type Party, register } from './register';
export { type ApiProcess, httpTarget, startApiProcess } from './api-process';
export { startWorkerProcess, type WorkerProcess } from './worker-process';
export { freePort } from './child-process';
export { eventually } from './eventually';
// The sample DMS is an app; tests reach its library entry only through here.
export {
  catalogue,
  ean13,
  isMalformed,
  MASTER_DATA_PATHS,
  type MasterDataPath,
  MODEL_TYPES,
  prng,
  type ModelType,
  type RunningSampleDms,
  startSampleDms,
} from '@portal/sample-dms/testing';
export { type RunningSampleSap, type SampleSapControl, startSampleSap } from '@portal/sample-sap/testing';
export { type CaughtMail, type MailCatcher, startMailCatcher } from './mail-catcher';
