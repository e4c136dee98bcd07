//! A throwaway PostgreSQL cluster: `initdb` in a temporary directory, `pg_ctl start` on a free
//! loopback port, stopped and removed when dropped. As root the cluster runs as the `postgres`
//! user (PostgreSQL refuses to run as root).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use sqlx::any::AnyPoolOptions;

/// A running cluster.
pub struct Postgres {
    bin: PathBuf,
    data: PathBuf,
    /// The port it listens on, at 127.0.0.1.
    pub port: u16,
    // Last field: removed after the cluster is stopped.
    _dir: tempfile::TempDir,
}

/// The directory holding initdb and pg_ctl: `AW_PG_BINDIR`, Debian's newest
/// /usr/lib/postgresql/N/bin, or the PATH. Missing binaries fail the test: it never skips.
fn bindir() -> PathBuf {
    if let Ok(dir) = std::env::var("AW_PG_BINDIR") {
        return PathBuf::from(dir);
    }
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin)| bin.join("initdb").exists())
        .collect();
    debian.sort();
    if let Some((_, bin)) = debian.pop() {
        return bin;
    }
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .find(|dir| dir.join("initdb").exists() && dir.join("pg_ctl").exists())
        .unwrap_or_else(|| {
            panic!(
                "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin \
                 or PATH: run scripts/setup.sh (apt-get install postgresql), or set AW_PG_BINDIR"
            )
        })
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Runs a PostgreSQL tool, as `postgres` when we are root.
fn run(program: &Path, args: &[&str], cwd: &Path) {
    if let Err(problem) = try_run(program, args, cwd) {
        panic!("{problem}");
    }
}

fn try_run(program: &Path, args: &[&str], cwd: &Path) -> Result<(), String> {
    let mut command = if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    let output = command
        .args(args)
        .current_dir(cwd)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "{} {args:?} failed ({}):\n{}{}",
        program.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

impl Postgres {
    /// initdb + pg_ctl start; returns once the server accepts connections (`pg_ctl -w`).
    pub fn start() -> Postgres {
        let bin = bindir();
        let dir = tempfile::Builder::new()
            .prefix("aw-pg-")
            .tempdir()
            .expect("temporary directory");
        if is_root() {
            let ids = |flag: &str| -> u32 {
                let out = Command::new("id")
                    .args([flag, "postgres"])
                    .output()
                    .expect("run id");
                assert!(
                    out.status.success(),
                    "no `postgres` user to run the cluster as: install Debian's postgresql (scripts/setup.sh)"
                );
                String::from_utf8_lossy(&out.stdout)
                    .trim()
                    .parse()
                    .expect("numeric id")
            };
            std::os::unix::fs::chown(dir.path(), Some(ids("-u")), Some(ids("-g")))
                .expect("hand the directory to postgres");
        }
        let data = dir.path().join("data");
        let data_s = data.to_str().expect("UTF-8 temp path");
        run(
            &bin.join("initdb"),
            &[
                "-D",
                data_s,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            dir.path(),
        );
        let port = free_port();
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=100",
            dir.path().display()
        );
        let log = dir.path().join("server.log");
        run(
            &bin.join("pg_ctl"),
            &[
                "-D",
                data_s,
                "-l",
                log.to_str().expect("UTF-8"),
                "-w",
                "-t",
                "60",
                "-o",
                &options,
                "start",
            ],
            dir.path(),
        );
        Postgres {
            bin,
            data,
            port,
            _dir: dir,
        }
    }

    /// Creates an empty database and returns its URL.
    pub async fn database(&self, name: &str) -> String {
        sqlx::any::install_default_drivers();
        let admin = format!("postgres://postgres@127.0.0.1:{}/postgres", self.port);
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .connect(&admin)
            .await
            .expect("connect to the cluster");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&pool)
            .await
            .expect("create the database");
        pool.close().await;
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.data.to_str().unwrap_or_default().to_owned();
        let cwd = self.data.parent().unwrap_or(Path::new("/")).to_owned();
        // No panic here: this may run while a failed test unwinds.
        if let Err(problem) = try_run(
            &self.bin.join("pg_ctl"),
            &["-D", &data, "-m", "immediate", "-w", "stop"],
            &cwd,
        ) {
            eprintln!("{problem}");
        }
    }
}
