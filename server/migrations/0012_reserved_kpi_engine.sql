-- Reserved: number 12 belongs to the kpi-engine branch (per-town coefficient history). This file only
-- keeps the numbering 1..n without gaps on the consortium branch until that work is merged; on merge,
-- delete this file and keep kpi-engine's 0012.
SELECT 1;
