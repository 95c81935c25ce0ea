-- The audit log can never be edited through the database either: updates and deletes are refused.
create or replace function audit_event_is_append_only() returns trigger as $$
begin
    raise exception 'audit_event is append-only';
end;
$$ language plpgsql;

create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_is_append_only();
