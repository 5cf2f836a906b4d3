-- Indexes the plans in bench/city/explain.sql ask for (docs/benchmarks.md, "City on PostgreSQL"), tried by hand on
-- the generated city before they become a migration:
--   psql -h … -p 56432 -d gongzhi -f bench/city/candidate-indexes.sql
-- The three rates of a subdistrict: its grids' cases of one year, read from the index alone.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_cases_grid_submitted ON "Cases" ("GridId", "SubmittedAt")
  INCLUDE ("CommunityId", "Status", "FirstContactAt", "RespondBy", "ResolveBy", "ResolvedAt", "ClosedAt", "Rating", "EscalationLevel");
-- The escalation sweep: only open cases, in id order (a few thousand entries, not twenty million).
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_cases_open_id ON "Cases" ("Id") WHERE "Status" IN (1, 2, 3, 6);
-- Open311 GET: open cases by submission time.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_cases_open_submitted ON "Cases" ("SubmittedAt" DESC, "Id" DESC) WHERE "Status" IN (1, 2, 3, 6);
ANALYZE "Cases";
