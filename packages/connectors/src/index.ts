export { ConnectorError, type ConnectorFault, type ConnectorFaultKind } from './connector-error';
export { DmsConnector, type DmsSettings } from './dms/dms-connector';
export { generateTemplates as generateDmsTemplates } from './dms/generate-templates';
export { type ConnectorSettings, connectorFor, connectorSettings } from './registry';
export {
  type CanonicalMasterData,
  FROM_START,
  type GeneratedTemplate,
  type MasterDataMapping,
  type MasterDataPage,
  type PullCursor,
  type PulledPage,
  sampleRecords,
  type SourceConnector,
} from './source-connector';
export { assertOutboundUrl, isPublicAddress, OutboundAddressRefused, type OutboundPolicy } from './outbound/outbound-guard';
export { OutboundNetworkError, outboundRequest, type OutboundResponse } from './outbound/outbound-request';
export { sapConnector, sapConnectorFromSecret, type SapSourceConnector } from './sap/sap-connector';
export type { SapSettings } from './sap/sap-settings';
