-- Templates and indicators are read on every report save; servers keep them
-- in memory and reload when this counter moves.
INSERT INTO store_generation (name, value) VALUES ('templates', 0);
