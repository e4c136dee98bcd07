-- Written once for SQLite and PostgreSQL: only types and syntax both accept (BIGINT, DOUBLE
-- PRECISION, TEXT, INSERT … ON CONFLICT).

-- One row per counted vote. The primary key on vote_id is what makes a retried POST count once;
-- average and vote_count keep the answer the vote got, so its retries get the same one.
CREATE TABLE votes (
    vote_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    score BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
    average DOUBLE PRECISION NOT NULL,
    vote_count BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX votes_by_article ON votes (article_id);

-- Running figures per article, changed in the transaction that inserts the vote.
CREATE TABLE ratings (
    article_id TEXT PRIMARY KEY,
    score_total BIGINT NOT NULL,
    vote_count BIGINT NOT NULL
);

-- When each reader last voted on each article. A reader is a cookie token ('c:…') or a salted
-- hash of an IP address ('i:…'); rows older than the repeat window are pruned.
CREATE TABLE readers (
    article_id TEXT NOT NULL,
    reader TEXT NOT NULL,
    voted_at BIGINT NOT NULL,
    PRIMARY KEY (article_id, reader)
);
CREATE INDEX readers_by_time ON readers (voted_at);

-- Values every instance must share, such as the IP hash salt.
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
