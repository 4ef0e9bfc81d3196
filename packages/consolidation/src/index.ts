export { applyTemplate, compilePath, compileTemplate, readPath, type ApplyResult } from './apply-template';
export { generateTemplates, type GeneratedTemplate, unknownModels } from './generate-templates';
export { parseDate, parseDateTime, parseDecimal, parseInteger, ValueError } from './values';
