//! Votes and figures in SQLite or PostgreSQL, through one code path (sqlx's `Any` driver).
//!
//! Exactness rests on the database, not on this process, so that several instances sharing one
//! PostgreSQL stay exact, and a process killed at any instant loses nothing acknowledged:
//! - the primary key on `votes.vote_id` decides which of two concurrent copies of a vote counts
//!   (`INSERT … ON CONFLICT DO NOTHING`), never a read-then-insert;
//! - the reader check is one upsert that only succeeds when the reader's last vote on the article
//!   is older than the window, so two tabs of one reader cannot both pass;
//! - the vote, the reader rows and the article's running total change in one transaction, and
//!   the answer is sent only after it commits.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Row};
use tokio::sync::Mutex;

use crate::vote::Vote;

/// An article's figures, as the widget reads them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    /// Mean score, rounded to two decimals; 0 without votes.
    pub average: f64,
    /// Number of votes.
    pub count: i64,
}

impl Figures {
    fn from_totals(total: i64, count: i64) -> Figures {
        let average = if count > 0 {
            (total as f64 / count as f64 * 100.0).round() / 100.0
        } else {
            0.0
        };
        Figures { average, count }
    }
}

/// What became of a vote.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cast {
    /// Counted now; the figures include it.
    Counted(Figures),
    /// Counted before (a retry): the answer the first copy got.
    Repeated(Figures),
    /// One of the readers already voted on this article within the window.
    AlreadyRated,
    /// The vote id was counted before for another article or score.
    VoteIdReused,
}

/// The database, migrated and ready.
pub struct Store {
    pool: AnyPool,
    /// SQLite takes one writer at a time; waiting here in order is fairer and faster than
    /// every connection polling the file lock (`busy_timeout`).
    sqlite_writer: Option<Mutex<()>>,
    salt: String,
}

/// Seconds since the epoch.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs() as i64
}

/// Startup failures.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The URL is neither `sqlite:` nor `postgres:`/`postgresql:`.
    #[error("unsupported database URL {0:?}: use sqlite://FILE or postgres://…")]
    Scheme(String),
    /// Connecting or querying failed.
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// No randomness for the salt.
    #[error("no random source: {0}")]
    Random(#[from] getrandom::Error),
}

impl Store {
    /// Connects, creating a SQLite file on first run (in WAL mode), and applies the migrations
    /// in `server/migrations`.
    pub async fn open(url: &str) -> Result<Store, OpenError> {
        sqlx::any::install_default_drivers();
        let sqlite = url.starts_with("sqlite:");
        if !sqlite && !url.starts_with("postgres:") && !url.starts_with("postgresql:") {
            return Err(OpenError::Scheme(url.to_owned()));
        }
        let url = if sqlite && !url.contains("mode=") {
            let sep = if url.contains('?') { '&' } else { '?' };
            format!("{url}{sep}mode=rwc")
        } else {
            url.to_owned()
        };
        let pool = AnyPoolOptions::new()
            // SQLite: readers run in parallel beside the one writer (WAL); PostgreSQL: enough
            // for two cores without queueing on the server side.
            .max_connections(if sqlite { 4 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(|conn, _| {
                Box::pin(async move {
                    if conn.backend_name() == "SQLite" {
                        // Persistent in the file; readers never block the writer. FULL: an
                        // acknowledged vote survives a power cut, not only a crash.
                        sqlx::query("PRAGMA journal_mode = WAL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA synchronous = FULL")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        sqlx::migrate!().run(&pool).await?;
        // The IP salt is shared by every instance: the first to start draws it.
        sqlx::query("INSERT INTO settings (name, value) VALUES ('ip_salt', $1) ON CONFLICT (name) DO NOTHING")
            .bind(crate::reader::random_hex::<32>()?)
            .execute(&pool)
            .await?;
        let salt: String = sqlx::query("SELECT value FROM settings WHERE name = 'ip_salt'")
            .fetch_one(&pool)
            .await?
            .try_get(0)?;
        Ok(Store {
            pool,
            sqlite_writer: sqlite.then(|| Mutex::new(())),
            salt,
        })
    }

    /// The salt for IP hashes.
    pub fn salt(&self) -> &str {
        &self.salt
    }

    /// The pool, for tests and maintenance.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Counts `vote` unless it was counted before or one of `readers` voted on the article less
    /// than `window` seconds ago (`window` 0: no reader check).
    pub async fn cast(
        &self,
        vote: &Vote,
        readers: &[String],
        window: u64,
    ) -> Result<Cast, sqlx::Error> {
        let _writer = match &self.sqlite_writer {
            Some(lock) => Some(lock.lock().await),
            None => None,
        };
        let now = now();
        let mut tx = self.pool.begin().await?;
        // Written first: on PostgreSQL a concurrent copy of this vote waits here for ours to
        // commit or roll back, then sees it; on SQLite the transaction takes the write lock
        // before reading anything, so it never reads a snapshot it cannot then write on.
        let fresh = sqlx::query(
            "INSERT INTO votes (vote_id, article_id, score, average, vote_count, created_at) \
             VALUES ($1, $2, $3, 0, 0, $4) ON CONFLICT (vote_id) DO NOTHING",
        )
        .bind(&vote.vote_id)
        .bind(&vote.article_id)
        .bind(i64::from(vote.score))
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !fresh {
            let row = sqlx::query(
                "SELECT article_id, score, average, vote_count FROM votes WHERE vote_id = $1",
            )
            .bind(&vote.vote_id)
            .fetch_one(&mut *tx)
            .await?;
            tx.rollback().await?;
            let same = row.try_get::<String, _>(0)? == vote.article_id
                && row.try_get::<i64, _>(1)? == i64::from(vote.score);
            if !same {
                return Ok(Cast::VoteIdReused);
            }
            return Ok(Cast::Repeated(Figures {
                average: row.try_get(2)?,
                count: row.try_get(3)?,
            }));
        }
        if window > 0 {
            let cutoff = now.saturating_sub(i64::try_from(window).unwrap_or(i64::MAX));
            for reader in readers {
                let first = sqlx::query(
                    "INSERT INTO readers (article_id, reader, voted_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (article_id, reader) DO UPDATE SET voted_at = excluded.voted_at \
                     WHERE readers.voted_at <= $4",
                )
                .bind(&vote.article_id)
                .bind(reader)
                .bind(now)
                .bind(cutoff)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    == 1;
                if !first {
                    tx.rollback().await?;
                    return Ok(Cast::AlreadyRated);
                }
            }
        }
        let row = sqlx::query(
            "INSERT INTO ratings (article_id, score_total, vote_count) VALUES ($1, $2, 1) \
             ON CONFLICT (article_id) DO UPDATE SET \
             score_total = ratings.score_total + excluded.score_total, \
             vote_count = ratings.vote_count + 1 \
             RETURNING score_total, vote_count",
        )
        .bind(&vote.article_id)
        .bind(i64::from(vote.score))
        .fetch_one(&mut *tx)
        .await?;
        let figures = Figures::from_totals(row.try_get(0)?, row.try_get(1)?);
        sqlx::query("UPDATE votes SET average = $1, vote_count = $2 WHERE vote_id = $3")
            .bind(figures.average)
            .bind(figures.count)
            .bind(&vote.vote_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Cast::Counted(figures))
    }

    /// An article's figures (zero votes for an article never rated).
    pub async fn figures(&self, article_id: &str) -> Result<Figures, sqlx::Error> {
        let row = sqlx::query("SELECT score_total, vote_count FROM ratings WHERE article_id = $1")
            .bind(article_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => Figures::from_totals(row.try_get(0)?, row.try_get(1)?),
            None => Figures::from_totals(0, 0),
        })
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(drop)
    }

    /// Forgets readers whose last vote is older than `window` seconds: past it they may vote
    /// again anyway, and the table stays the size of one window of traffic.
    pub async fn prune_readers(&self, window: u64) -> Result<u64, sqlx::Error> {
        let cutoff = now().saturating_sub(i64::try_from(window).unwrap_or(i64::MAX));
        let _writer = match &self.sqlite_writer {
            Some(lock) => Some(lock.lock().await),
            None => None,
        };
        Ok(sqlx::query("DELETE FROM readers WHERE voted_at <= $1")
            .bind(cutoff)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }
}
