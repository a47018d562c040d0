-- Retention rounds the seniors' home coordinates, from which the volunteer
-- log computes a tour's kilometres and time (issues 14 and 19). Before it
-- does, the tour's planned figures are frozen here: 'retention' marks a
-- row that is no correction (meters is the planned distance), and
-- planned_meters and seconds keep what the route gave while the ends were
-- exact, for corrected tours as well.
ALTER TABLE tour_km_corrections DROP CONSTRAINT tour_km_corrections_corrected_by_check;
ALTER TABLE tour_km_corrections ADD CONSTRAINT tour_km_corrections_corrected_by_check
    CHECK (corrected_by IN ('driver', 'coordinator', 'retention'));
ALTER TABLE tour_km_corrections ADD COLUMN planned_meters bigint CHECK (planned_meters >= 0);
ALTER TABLE tour_km_corrections ADD COLUMN seconds bigint CHECK (seconds >= 0);
ALTER TABLE tour_km_corrections ADD CHECK ((planned_meters IS NULL) = (seconds IS NULL));
