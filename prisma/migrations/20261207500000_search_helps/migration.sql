-- Search helps (issue 13, docs/product/master-data.md): typeahead over customers, products and the
-- principal's SKUs. Each table gets two trigram indexes:
--   * GiST on the name, whose `<->>` (word-similarity distance) ordering answers "the 50 names
--     closest to what was typed" by walking the index nearest first, however many rows match
--     (a GIN index can only hand over every match, which the query would then rank and sort:
--     over 100 ms for a word in a tenth of 100,000 names). siglen=64 bytes instead of 12 keeps
--     the signatures of long outlet names selective enough for typos.
--   * GIN on the code, for `code ILIKE 'prefix%'` (codes are short and varied: GIN is exact there).
-- The exact code uses the existing (organization_id, code) b-tree indexes.

-- CreateIndex
CREATE INDEX "customers_name_trgm_idx" ON "customers" USING GIST ("name" gist_trgm_ops(siglen=64));
CREATE INDEX "customers_code_trgm_idx" ON "customers" USING GIN ("code" gin_trgm_ops);
CREATE INDEX "products_name_trgm_idx" ON "products" USING GIST ("name" gist_trgm_ops(siglen=64));
CREATE INDEX "products_code_trgm_idx" ON "products" USING GIN ("code" gin_trgm_ops);
CREATE INDEX "principal_skus_name_trgm_idx" ON "principal_skus" USING GIST ("name" gist_trgm_ops(siglen=64));
CREATE INDEX "principal_skus_code_trgm_idx" ON "principal_skus" USING GIN ("code" gin_trgm_ops);

-- ---------------------------------------------------------------------------
-- Word similarity under row-level security (the same reasoning as ILIKE in
-- `*_document_totals`): a condition whose function is not LEAKPROOF runs after
-- the policies and never inside an index, so `q <% name` would be checked on
-- every row the nearest-first walk returns instead of pruning the walk. The
-- two functions behind `<%` / `%>` compute a number from two texts and raise
-- no error that depends on a row's value: they reveal nothing about a row they
-- reject. Marking them needs a superuser; otherwise the search stays correct,
-- only slower on rare typos.
-- ---------------------------------------------------------------------------
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION word_similarity_op(text, text) LEAKPROOF;
    ALTER FUNCTION word_similarity_commutator_op(text, text) LEAKPROOF;
  ELSE
    RAISE NOTICE 'not a superuser: word similarity stays non-leakproof, search helps filter after the policies';
  END IF;
END $$;
