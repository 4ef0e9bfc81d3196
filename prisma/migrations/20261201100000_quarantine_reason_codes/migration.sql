-- A quarantined record's reason gets a stable code (+ params) the SPA
-- translates; the English reason stays as the detail for support. Records
-- quarantined before this have no code and show their English reason.
-- AlterTable
ALTER TABLE "quarantined_records" ADD COLUMN     "reason_code" TEXT,
ADD COLUMN     "reason_params" JSONB;
