-- Trigram indexes (staff search by email or name) need this extension; PostgreSQL ships it in contrib.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
