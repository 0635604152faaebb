-- Point the scope at a shorter window inside its period ([$window_start, $window_end), named
-- $label): the shared rule views and any check's SQL then answer for that window with their
-- own rules (the analysts' week queue narrows a month to one week).
UPDATE scope
SET period = $label, period_start = $window_start, period_end = $window_end
