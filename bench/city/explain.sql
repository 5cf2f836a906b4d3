-- The plans of the main reads on the generated city (run on the standby, where they are routed):
--   psql -h … -p 56433 -d gongzhi -f bench/city/explain.sql
-- Shapes as EF Core writes them for the app (work list, case timeline, search, the three rates, Open311 GET);
-- the grid worker is the demo's wangge.li (grid 1), the community is demo community 1 (grids 1–4), the
-- subdistrict is a generated one (城7街道: 15 communities, 75 grids).
\set ON_ERROR_STOP on
\timing on
SELECT array_agg(g."Id") AS sd_grids FROM "Grids" g JOIN "Communities" c ON c."Id" = g."CommunityId" JOIN "Subdistricts" s ON s."Id" = c."SubdistrictId" WHERE s."Name" = '城7街道' \gset
SELECT u."Id" AS me FROM "AspNetUsers" u WHERE u."UserName" = 'wangge.li' \gset

\echo '== work list: my open cases, overdue first (page 1 and the count)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT c."Id", c."Status", c."Description", c."ResolveBy" FROM "Cases" c
WHERE (c."GridId" = ANY ('{1}') OR c."ReporterUserId" = :'me' OR c."EnteredByUserId" = :'me') AND c."Status" IN (1, 2, 3, 6) AND c."OwnerUserId" = :'me'
ORDER BY (c."Status" = 1 AND c."RespondBy" < now()) OR c."ResolveBy" < now() DESC, c."ResolveBy", c."Id" LIMIT 20;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT count(*) FROM "Cases" c
WHERE (c."GridId" = ANY ('{1}') OR c."ReporterUserId" = :'me' OR c."EnteredByUserId" = :'me') AND c."Status" IN (1, 2, 3, 6) AND c."OwnerUserId" = :'me';

\echo '== case page: the timeline of one case'
SELECT max("Id") / 2 AS some_case FROM "Cases" \gset
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT e.* FROM "CaseEvents" e WHERE e."CaseId" = :some_case ORDER BY e."Id";

\echo '== search: a two-character word in a community (newest first, page 1, count up to 1,001)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT c."Id" FROM case_search s JOIN "Cases" c ON c."Id" = s.case_id
WHERE s.grams @> '{路灯}' AND (c."GridId" = ANY ('{1,2,3,4}')) ORDER BY s.case_id DESC LIMIT 20;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT count(*) FROM (SELECT 1 FROM case_search s JOIN "Cases" c ON c."Id" = s.case_id
WHERE s.grams @> '{路灯}' AND (c."GridId" = ANY ('{1,2,3,4}')) LIMIT 1001) x;

\echo '== the three rates: a subdistrict (75 grids), last 12 months, by community'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT c."CommunityId", count(*), count(*) FILTER (WHERE c."Status" NOT IN (7, 8) AND c."FirstContactAt" <= c."RespondBy"),
  count(*) FILTER (WHERE c."Status" IN (4, 5)), count(*) FILTER (WHERE c."Rating" IN (1, 2)), count(*) FILTER (WHERE c."Rating" IS NOT NULL),
  count(*) FILTER (WHERE c."Status" IN (1, 2, 3, 6) AND c."ResolveBy" < now()), count(*) FILTER (WHERE c."EscalationLevel" > 0)
FROM "Cases" c WHERE c."GridId" = ANY (:'sd_grids') AND c."SubmittedAt" >= now() - interval '1 year' AND c."SubmittedAt" < now()
GROUP BY c."CommunityId";

\echo '== Open311 GET requests.json: open requests of the last 7 days, city-wide, newest first (up to 1,000)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT c."Id", c."Status", c."Description" FROM "Cases" c
WHERE c."SubmittedAt" >= now() - interval '7 days' AND c."SubmittedAt" <= now() AND c."Status" IN (1, 2, 3, 6)
ORDER BY c."SubmittedAt" DESC, c."Id" DESC LIMIT 1000;

\echo '== escalation sweep: the next 200 overdue open cases not yet escalated'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT c."Id" FROM "Cases" c
WHERE c."Status" IN (1, 2, 3, 6) AND c."EscalationLevel" = 0 AND ((c."Status" = 1 AND c."RespondBy" < now()) OR c."ResolveBy" < now())
ORDER BY c."Id" LIMIT 200;

SELECT pg_size_pretty(pg_total_relation_size('"Cases"')) AS cases, pg_size_pretty(pg_total_relation_size('"CaseEvents"')) AS events,
  pg_size_pretty(pg_total_relation_size('case_search')) AS search, pg_size_pretty(pg_database_size(current_database())) AS database;
