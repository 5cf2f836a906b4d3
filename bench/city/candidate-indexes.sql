-- The indexes of migration 20261209500000_CityIndexes (chosen from the plans in bench/city/explain.sql,
-- docs/benchmarks.md "City on PostgreSQL"), built without locking "Cases". On a city's database run this on the
-- primary before upgrading the app: the migration creates them IF NOT EXISTS, so it then finds them and only
-- records itself, instead of holding a write lock on "Cases" while twenty million rows are indexed.
--   psql -h … -p 56432 -d gongzhi -f bench/city/candidate-indexes.sql
-- (CONCURRENTLY cannot run inside a transaction: run the file with psql as it is, not with --single-transaction.)
-- The escalation sweep: only open cases, in id order (a few thousand entries, not twenty million).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "IX_Cases_Open_Id" ON "Cases" ("Id") WHERE "Status" IN (1, 2, 3, 6);
-- Open311 GET: open cases by submission time.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "IX_Cases_Open_SubmittedAt" ON "Cases" ("SubmittedAt" DESC, "Id" DESC) WHERE "Status" IN (1, 2, 3, 6);
-- A staff member's own entries (part of what they may see, beside their grids).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "IX_Cases_EnteredByUserId_Id" ON "Cases" ("EnteredByUserId", "Id") WHERE "EnteredByUserId" IS NOT NULL;
-- The three rates of a subdistrict: its grids' cases of one year, read from the index alone.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "IX_Cases_GridId_SubmittedAt" ON "Cases" ("GridId", "SubmittedAt")
  INCLUDE ("CommunityId", "Status", "FirstContactAt", "RespondBy", "ResolveBy", "ResolvedAt", "ClosedAt", "Rating", "EscalationLevel");
ANALYZE "Cases";
