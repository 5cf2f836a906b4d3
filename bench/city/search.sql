-- Search "路灯" within a community's staff scope on the generated city, before SearchByGrid and now (SearchKeysByGrid;
-- docs/benchmarks.md, "City on PostgreSQL"). Shapes as SearchCases writes them: the matches joined to the cases
-- the caller may see (their grids, or cases they raised or entered), newest first, page 1 (50) and the count up
-- to 1,001; and the ids alone, newest first, up to 1,001 (what a search without other filters reads).
--   psql -h … -d gongzhi -v community=城7社区 -v staff=wangge.li -f bench/city/search.sql
-- "Before" runs in a transaction that drops, and then rolls back, the indexes of CityIndexes and uses the search
-- index for the words alone (a multicolumn GIN answers a condition on one of its columns as a one-column GIN would).
\set ON_ERROR_STOP on
SELECT array_agg(g."Id") AS grids FROM "Grids" g JOIN "Communities" c ON c."Id" = g."CommunityId" WHERE c."Name" = :'community' \gset
SELECT array_agg(g."Id") AS sd_grids FROM "Grids" g JOIN "Communities" c ON c."Id" = g."CommunityId"
  WHERE c."SubdistrictId" = (SELECT "SubdistrictId" FROM "Communities" WHERE "Name" = :'community') \gset
SELECT "Id" AS me FROM "AspNetUsers" WHERE "UserName" = :'staff' \gset
SELECT array_agg(g."Id"::text || ':路灯') AS keys FROM "Grids" g JOIN "Communities" c ON c."Id" = g."CommunityId" WHERE c."Name" = :'community' \gset
SELECT array_agg(g."Id"::text || ':路灯') AS sd_keys FROM "Grids" g JOIN "Communities" c ON c."Id" = g."CommunityId"
  WHERE c."SubdistrictId" = (SELECT "SubdistrictId" FROM "Communities" WHERE "Name" = :'community') \gset
SELECT count(*) AS community_cases FROM "Cases" WHERE "GridId" = ANY (:'grids');
SELECT count(*) AS subdistrict_cases FROM "Cases" WHERE "GridId" = ANY (:'sd_grids');

\echo '== before: the words alone, then the caller''s scope on every match'
BEGIN;
DROP INDEX "IX_Cases_EnteredByUserId_Id", "IX_Cases_Open_Id", "IX_Cases_Open_SubmittedAt", "IX_Cases_GridId_SubmittedAt";
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT c."Id", c."Description" FROM (SELECT case_id AS "CaseId" FROM case_search WHERE grams @> '{路灯}') m
JOIN "Cases" c ON c."Id" = m."CaseId"
WHERE c."GridId" = ANY (:'grids') OR c."ReporterUserId" = :'me' OR c."EnteredByUserId" = :'me'
ORDER BY m."CaseId" DESC LIMIT 50;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT count(*) FROM (SELECT 1 FROM (SELECT case_id AS "CaseId" FROM case_search WHERE grams @> '{路灯}') m
JOIN "Cases" c ON c."Id" = m."CaseId"
WHERE c."GridId" = ANY (:'grids') OR c."ReporterUserId" = :'me' OR c."EnteredByUserId" = :'me' LIMIT 1001) x;
ROLLBACK;

\echo '== now: the words in the caller''s grids from the GIN keyed by grid and term, plus their own cases'
\set matching 'SELECT case_id AS "CaseId" FROM case_search WHERE grid_id = ANY (:''grids'') AND case_search_keys(grid_id, grams) && :''keys'' UNION SELECT s.case_id FROM "Cases" c JOIN case_search s ON s.case_id = c."Id" WHERE c."ReporterUserId" = :''me'' AND s.grams @> ''{路灯}'' UNION SELECT s.case_id FROM "Cases" c JOIN case_search s ON s.case_id = c."Id" WHERE c."EnteredByUserId" = :''me'' AND s.grams @> ''{路灯}'''
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT c."Id", c."Description" FROM (:matching) m
JOIN "Cases" c ON c."Id" = m."CaseId"
WHERE c."GridId" = ANY (:'grids') OR c."ReporterUserId" = :'me' OR c."EnteredByUserId" = :'me'
ORDER BY m."CaseId" DESC LIMIT 50;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT count(*) FROM (SELECT 1 FROM (:matching) m
JOIN "Cases" c ON c."Id" = m."CaseId"
WHERE c."GridId" = ANY (:'grids') OR c."ReporterUserId" = :'me' OR c."EnteredByUserId" = :'me' LIMIT 1001) x;

\echo '== now, the ids alone up to the count''s cap'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT m."CaseId" FROM (:matching) m ORDER BY m."CaseId" DESC LIMIT 1001;

\echo '== now, a subdistrict''s grids'
\set matching 'SELECT case_id AS "CaseId" FROM case_search WHERE grid_id = ANY (:''sd_grids'') AND case_search_keys(grid_id, grams) && :''sd_keys'' UNION SELECT s.case_id FROM "Cases" c JOIN case_search s ON s.case_id = c."Id" WHERE c."ReporterUserId" = :''me'' AND s.grams @> ''{路灯}'' UNION SELECT s.case_id FROM "Cases" c JOIN case_search s ON s.case_id = c."Id" WHERE c."EnteredByUserId" = :''me'' AND s.grams @> ''{路灯}'''
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT c."Id", c."Description" FROM (:matching) m
JOIN "Cases" c ON c."Id" = m."CaseId"
WHERE c."GridId" = ANY (:'sd_grids') OR c."ReporterUserId" = :'me' OR c."EnteredByUserId" = :'me'
ORDER BY m."CaseId" DESC LIMIT 50;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT m."CaseId" FROM (:matching) m ORDER BY m."CaseId" DESC LIMIT 1001;

\echo '== escalation sweep: the next 200 overdue open cases (as EF writes it, constants for the open statuses)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT c."Id" FROM "Cases" AS c
WHERE c."Status" IN (1, 2, 3, 6) AND c."EscalationLevel" = 0 AND ((c."Status" = 1 AND c."RespondBy" < now()) OR c."ResolveBy" < now())
ORDER BY c."Id" LIMIT 200;
\echo '== Open311 GET: open requests of the last 7 days, newest first'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT c."Id", c."Status", c."Description" FROM "Cases" c
WHERE c."SubmittedAt" >= now() - interval '7 days' AND c."SubmittedAt" <= now() AND c."Status" IN (1, 2, 3, 6)
ORDER BY c."SubmittedAt" DESC, c."Id" DESC LIMIT 1000;
