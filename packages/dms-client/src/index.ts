export * from './dms-client';
