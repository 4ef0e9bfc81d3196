export { applyTemplate, compilePath, compileTemplate, readPath, type ApplyResult } from './apply-template';
export { parseDate, parseDateTime, parseDecimal, parseInteger, parseODataDate, ValueError } from './values';
export { factorOf, toBaseUnit, type BaseQuantity, type UnitsOf } from './unit-conversion';
