export { applyTemplate, compilePath, compileTemplate, readPath, type ApplyResult } from './apply-template';
export { parseDate, parseDateTime, parseDecimal, parseInteger, parseODataDate, ValueError } from './values';
