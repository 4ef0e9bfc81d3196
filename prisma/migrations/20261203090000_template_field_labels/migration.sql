-- Issue 10 item 3: the source's own label of each path a template's rules
-- read (SAP's sap:label), shown beside the path in the template editor.
-- Header and line paths apart ({ "header": {…}, "lines": {…} }); existing
-- templates have none ('{}' reads as no labels).
ALTER TABLE "model_templates" ADD COLUMN "field_labels" JSONB NOT NULL DEFAULT '{}';
