export { applyTemplate, compilePath, compileTemplate, readPath, type ApplyResult } from './apply-template';
export { parseDate, parseDateTime, parseDecimal, parseInteger, ValueError } from './values';
