-- The lines' (organisation, product) index gains the date and the columns
-- the insight figures read, replacing the one keyed by (organisation,
-- product, document): a principal's SKU, brand or own-goods filter with a
-- customer-side figure (active outlets, top customers) reads the lines of
-- each mapped (distributor, product code) for the range from the index
-- alone, instead of fetching every line of those products since the first
-- sync from the table to learn its date and customer (a brand's outlets for
-- two months: 1.5 s to about 50 ms at 5 million lines). The documents'
-- product filter reads its document ids from the same index. The type and
-- integration are what the connection-scope policy reads.
-- (Prisma's schema cannot say INCLUDE: schema.prisma names it by its key.)
DROP INDEX "document_lines_organization_id_product_code_document_id_idx";
CREATE INDEX "document_lines_organization_id_product_code_date_idx" ON "document_lines"("organization_id", "product_code", "date", "document_id")
  INCLUDE ("type", "integration_id", "currency", "party_code", "salesman_code", "unit", "quantity", "amount");
