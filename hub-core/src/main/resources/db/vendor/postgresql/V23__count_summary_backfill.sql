-- Fills the count summary of V22 from the ledger and the items already there (Asia/Shanghai, the default
-- tongfa.zone; a hub configured with another zone rebuilds it on start, see LedgerSummary).
select count_summary_rebuild('Asia/Shanghai');
