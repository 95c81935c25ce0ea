-- The text of attachments, read once per media file for the content checks (issue 13): a submission and the
-- publication after it check the same text without parsing the file again. Runs on H2 (PostgreSQL mode) and
-- PostgreSQL. A reader_version older than the hub's is read again.

create table media_text (
    media_id       varchar(32)  not null primary key references media (id) on delete cascade,
    reader_version integer      not null,
    unreadable     varchar(500),
    truncated      boolean      not null,
    read_at        timestamp with time zone not null
);

-- One page, sheet or body of a readable file, in document order.
create table media_text_part (
    media_id   varchar(32)   not null references media_text (media_id) on delete cascade,
    position   integer       not null,
    label      varchar(2000) not null,
    text       text          not null,
    unreadable varchar(500),
    primary key (media_id, position)
);
