-- The operations gauge of deliveries in doubt counts them every refresh (15 s): a partial index holds only the
-- UNCONFIRMED rows, so that count never reads the whole ledger (issue 8: millions of rows). H2 has no partial
-- indexes; its embedded ledgers are small.
create index delivery_unconfirmed on delivery (channel) where status = 'UNCONFIRMED';
