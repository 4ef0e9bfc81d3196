-- Sync errors and integration state reasons get a stable code (+ params) the
-- SPA translates; the English text columns stay as the detail for support.
-- AlterTable
ALTER TABLE "integrations" ADD COLUMN     "state_reason_code" TEXT,
ADD COLUMN     "state_reason_params" JSONB;

-- AlterTable
ALTER TABLE "sync_runs" ADD COLUMN     "error_code" TEXT,
ADD COLUMN     "error_params" JSONB;
