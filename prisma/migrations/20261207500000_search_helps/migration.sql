-- Search helps (issue 13, docs/product/master-data.md): typeahead over customers, products and the
-- principal's SKUs. GIN trigram indexes on the name (`q <% name`: the text is like a part of the
-- name, typos included) and on the code (`code ILIKE 'prefix%'`); the exact code uses the existing
-- (organization_id, code) b-tree indexes. The search takes a bounded number of candidates from
-- each index and ranks only those (SearchRepository): a GiST index's nearest-first walk ranks
-- exactly but measured 25-220 ms at 100,000 names when the text is a common word or a typo of one
-- (`pnpm bench:search`), the bounded GIN candidates 1-7 ms.

-- CreateIndex
CREATE INDEX "customers_name_trgm_idx" ON "customers" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "customers_code_trgm_idx" ON "customers" USING GIN ("code" gin_trgm_ops);
CREATE INDEX "products_name_trgm_idx" ON "products" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "products_code_trgm_idx" ON "products" USING GIN ("code" gin_trgm_ops);
CREATE INDEX "principal_skus_name_trgm_idx" ON "principal_skus" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "principal_skus_code_trgm_idx" ON "principal_skus" USING GIN ("code" gin_trgm_ops);

-- ---------------------------------------------------------------------------
-- Word similarity under row-level security (the same reasoning as ILIKE in
-- `*_document_totals`): a condition whose function is not LEAKPROOF runs after
-- the policies and never inside an index, so `q <% name` could not use its
-- trigram index and would be checked on every visible row. The
-- two functions behind `<%` / `%>` compute a number from two texts and raise
-- no error that depends on a row's value: they reveal nothing about a row they
-- reject. Marking them needs a superuser; otherwise the search stays correct,
-- only slower.
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
