-- A city on PostgreSQL, written set-based (INSERT … SELECT generate_series), into a migrated Gongzhi database.
--   psql -v cases=20000000 -v communities=2000 -v events=5 -f bench/city/generate.sql gongzhi
-- One subdistrict per 15 communities, five grids per community, `cases` cases over five years ending now
-- (ids rise with time, as they would), `events` timeline lines per case on average, and the search terms
-- (two-character windows, as CaseText cuts them) of each description and address. The demo community's
-- grids take part like any other grid, so the demo accounts' work lists and searches are a city's.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET maintenance_work_mem = '512MB';
SET work_mem = '64MB';
\timing on

INSERT INTO "Subdistricts" ("Name") SELECT '城' || i || '街道' FROM generate_series(1, ceil(:communities / 15.0)::int) i;
SELECT min("Id") - 1 AS sd0 FROM "Subdistricts" WHERE "Name" ~ '^城[0-9]+街道$' \gset
INSERT INTO "Communities" ("SubdistrictId", "Name", "Address")
SELECT :sd0 + 1 + (i - 1) / 15, '城' || i || '社区', '城' || i || '社区居委会' FROM generate_series(1, :communities) i;
SELECT min("Id") - 1 AS c0 FROM "Communities" WHERE "Name" ~ '^城[0-9]+社区$' \gset
INSERT INTO "Grids" ("CommunityId", "Name")
SELECT :c0 + 1 + (i - 1) / 5, '第' || (1 + (i - 1) % 5) || '网格' FROM generate_series(1, :communities * 5) i;

-- Every grid with its community and subdistrict, numbered 0..n-1.
CREATE TEMP TABLE g AS
SELECT row_number() OVER (ORDER BY gr."Id") - 1 AS n, gr."Id" AS grid, c."Id" AS community, c."SubdistrictId" AS subdistrict
FROM "Grids" gr JOIN "Communities" c ON c."Id" = gr."CommunityId";
CREATE UNIQUE INDEX ON g (n);
SELECT count(*) AS ngrids FROM g \gset
-- The owner of a grid's cases: whoever the app's routing gave its demo cases to, else a city account id.
CREATE TEMP TABLE o AS
SELECT g.grid, coalesce((SELECT c."OwnerUserId" FROM "Cases" c WHERE c."GridId" = g.grid AND c."OwnerUserId" IS NOT NULL
                         GROUP BY 1 ORDER BY count(*) DESC LIMIT 1), 'city-gw-' || g.grid) AS owner
FROM g;
CREATE UNIQUE INDEX ON o (grid);

CREATE TEMP TABLE k AS SELECT row_number() OVER (ORDER BY "Id") - 1 AS n, "Id" AS id FROM "CaseCategories" WHERE "Active";
SELECT count(*) AS ncat FROM k \gset
-- What residents say, in parts (place + what is wrong + ask), as in the seeds.
CREATE TEMP TABLE d (n int, text text);
INSERT INTO d SELECT row_number() OVER () - 1, p || w || a FROM
  unnest(ARRAY['小区东门', '3号楼楼道', '地下车库', '广场', '菜市场旁', '幼儿园门口', '5栋2单元', '健身器材区']) p,
  unnest(ARRAY['路灯不亮已经一周', '楼上卫生间漏水', '广场舞噪音太大', '垃圾清运不及时', '电动车违规充电', '井盖松动有安全隐患', '下水道堵塞返味', '树枝遮挡窗户']) w,
  unnest(ARRAY['请尽快处理', '希望社区协调', '麻烦派人来看看']) a;
SELECT count(*) AS ndesc FROM d \gset
CREATE TEMP TABLE dg AS
SELECT d.n, array(SELECT DISTINCT substr(d.text, i, 2) FROM generate_series(1, length(d.text) - 1) i) AS grams FROM d;

-- Indexes are built after the load (cheaper than maintaining them row by row).
ALTER TABLE "Cases" DROP CONSTRAINT "FK_Cases_Grids_GridId", DROP CONSTRAINT "FK_Cases_Communities_CommunityId", DROP CONSTRAINT "FK_Cases_CaseCategories_CategoryId";
CREATE TEMP TABLE ix AS SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('Cases', 'CaseEvents', 'case_search') AND indexname NOT LIKE 'PK_%' AND indexname NOT LIKE '%pkey';
SELECT string_agg(format('DROP INDEX %I', indexname), '; ') AS drops FROM ix \gset
:drops;

SELECT coalesce(max("Id"), 0) AS id0 FROM "Cases" \gset
SELECT extract(epoch FROM now())::bigint AS now_s \gset
-- Case n (1..cases) is submitted at now - 5 years + n/cases * 5 years. Older than 30 days: closed
-- (a few cancelled or merged); newer: some still open. Ratings on most closed ones.
INSERT INTO "Cases" ("CategoryId", "Channel", "Status", "Description", "Address", "SubdistrictId", "CommunityId", "GridId",
  "Anonymous", "ReporterName", "OwnerUserId", "OwnerName", "SubmittedAt", "RespondBy", "ResolveBy", "AcceptedAt", "FirstContactAt",
  "ResolvedAt", "ClosedAt", "Resolution", "Rating", "ReopenCount", "EscalationLevel", "UpdatedAt", "Version")
SELECT k.id, 1 + (x.h % 6), x.status, d.text, '城' || (g.community - :c0) || '社区' || (1 + x.h % 30) || '栋', g.subdistrict, g.community, g.grid,
  false, '居民', o.owner, '网格员', x.at, x.at + interval '2 hours', x.at + interval '5 days',
  CASE WHEN x.status <> 1 AND x.status <> 7 THEN x.at + interval '40 minutes' END,
  CASE WHEN x.status <> 1 AND x.status <> 7 THEN x.at + interval '40 minutes' END,
  CASE WHEN x.status IN (4, 5) THEN x.at + interval '2 days' END,
  CASE WHEN x.status = 5 THEN x.at + interval '4 days' END,
  CASE WHEN x.status IN (4, 5) THEN '已现场处理完毕' END,
  CASE WHEN x.status = 5 AND x.h % 10 < 8 THEN 1 + (x.h / 7) % 3 END,
  0, CASE WHEN x.h % 50 = 0 THEN 1 ELSE 0 END, x.at + interval '4 days', 1
FROM (
  SELECT s, h, at,
    CASE WHEN at < now() - interval '30 days' THEN (CASE WHEN h % 100 = 0 THEN 7 WHEN h % 100 = 1 THEN 8 ELSE 5 END)
         ELSE (ARRAY[1, 2, 2, 3, 4, 5, 5, 5])[1 + h % 8] END AS status
  FROM (SELECT s, abs(hashint4(s)) AS h, to_timestamp(:now_s - 157680000 + (s::float8 / :cases) * 157680000) AS at
        FROM generate_series(1, :cases) s) y
) x
JOIN g ON g.n = x.h % :ngrids
JOIN o ON o.grid = g.grid
JOIN k ON k.n = (x.h / 13) % :ncat
JOIN d ON d.n = (x.h / 101) % :ndesc;

-- The timeline: `events` lines per case (submitted, accepted, a note or two, resolved, closed).
INSERT INTO "CaseEvents" ("CaseId", "Kind", "At", "ActorName", "Text", "Internal", "ToStatus")
SELECT c."Id", e, c."SubmittedAt" + e * interval '7 hours', CASE WHEN e = 1 THEN '居民' ELSE '网格员' END,
  CASE WHEN e = 3 THEN '已联系物业，约定明天上门' END, e = 3, CASE WHEN e IN (1, 2) THEN e END
FROM "Cases" c, generate_series(1, :events) e
WHERE c."Id" > :id0;

-- Each search row carries its case's grid (migration SearchByGrid); written here directly, so the trigger that
-- fills it row by row for the app is switched off for the load.
ALTER TABLE case_search DISABLE TRIGGER case_search_grid;
INSERT INTO case_search (case_id, grid_id, grams)
SELECT c."Id", c."GridId", dg.grams || array(SELECT DISTINCT substr(c."Address", i, 2) FROM generate_series(1, length(c."Address") - 1) i)
FROM "Cases" c JOIN d ON d.text = c."Description" JOIN dg ON dg.n = d.n
WHERE c."Id" > :id0;
ALTER TABLE case_search ENABLE TRIGGER case_search_grid;

SELECT string_agg(indexdef, '; ') AS creates FROM ix \gset
:creates;
-- A rebuilt index forgets its column's statistics target (SearchKeysByGrid sets it on the search keys).
ALTER INDEX ix_case_search_keys ALTER COLUMN 1 SET STATISTICS 1000;
ALTER TABLE "Cases" ADD CONSTRAINT "FK_Cases_Grids_GridId" FOREIGN KEY ("GridId") REFERENCES "Grids" ("Id") NOT VALID,
  ADD CONSTRAINT "FK_Cases_Communities_CommunityId" FOREIGN KEY ("CommunityId") REFERENCES "Communities" ("Id") NOT VALID,
  ADD CONSTRAINT "FK_Cases_CaseCategories_CategoryId" FOREIGN KEY ("CategoryId") REFERENCES "CaseCategories" ("Id") NOT VALID;
ANALYZE;
SELECT (SELECT count(*) FROM "Cases") AS cases, (SELECT count(*) FROM "CaseEvents") AS events, (SELECT count(*) FROM case_search) AS search_rows,
  pg_size_pretty(pg_database_size(current_database())) AS size;
