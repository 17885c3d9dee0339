//! What makes a SQLite file an emulator data file, and bringing one up to date at start.
//!
//! `PRAGMA application_id` marks the file as the emulator's and `PRAGMA user_version` gives its
//! layout's version. Files written before there were versions have neither (both 0) and hold
//! only the `records` table; they are stamped in place, as version 1 has the same layout. A file
//! is refused, untouched, when it is not SQLite, belongs to something else, or comes from a newer
//! emulator; and when it cannot be written, which is found by taking its write lock.

use rusqlite::{Connection, ErrorCode};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `PRAGMA application_id` of an emulator data file: "SSEM" (SaaSus emulator).
pub const APPLICATION_ID: i32 = i32::from_be_bytes(*b"SSEM");
/// The data file layout this emulator writes (`PRAGMA user_version`).
pub const VERSION: i32 = 1;

const RECORDS_COLUMNS: [&str; 4] = ["seq", "kind", "id", "body"];

/// Why the data file given with `--data` (or [`crate::Options::data`]) cannot be used.
#[derive(Debug)]
pub struct DataFileError {
    pub path: PathBuf,
    pub reason: String,
}

impl DataFileError {
    pub(crate) fn new(path: &Path, reason: impl Into<String>) -> Self {
        DataFileError { path: path.to_path_buf(), reason: reason.into() }
    }
}

impl std::fmt::Display for DataFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot use the data file {}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for DataFileError {}

fn is_code(e: &rusqlite::Error, code: ErrorCode) -> bool {
    e.sqlite_error_code() == Some(code)
}

/// Checks that `conn`'s file is an emulator data file this emulator can use, creates or
/// upgrades its layout, and proves it writable, all before any state is read from it.
pub(super) fn prepare(conn: &Connection, path: &Path) -> Result<(), DataFileError> {
    let refuse = |reason: String| DataFileError::new(path, reason);
    let unreadable = |e: rusqlite::Error| {
        if is_code(&e, ErrorCode::NotADatabase) {
            refuse("it is not an SQLite database".into())
        } else {
            refuse(format!("it cannot be read ({e})"))
        }
    };
    // Waiting for another process's write lock, at start, only briefly.
    conn.busy_timeout(Duration::from_secs(1)).map_err(unreadable)?;
    let id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(unreadable)?;
    let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(unreadable)?;
    let tables: Vec<String> = {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
            .map_err(unreadable)?;
        stmt.query_map([], |r| r.get(0)).map_err(unreadable)?.collect::<Result<_, _>>().map_err(unreadable)?
    };
    let has_records_layout = || -> Result<bool, DataFileError> {
        let mut stmt = conn.prepare("SELECT name FROM pragma_table_info('records') ORDER BY cid").map_err(unreadable)?;
        let columns: Vec<String> = stmt.query_map([], |r| r.get(0)).map_err(unreadable)?.collect::<Result<_, _>>().map_err(unreadable)?;
        Ok(tables == ["records"] && columns == RECORDS_COLUMNS)
    };
    match id {
        APPLICATION_ID if version > VERSION => {
            return Err(refuse(format!(
                "it was written by a newer emulator (data file version {version}; this emulator knows versions up to {VERSION})"
            )));
        }
        APPLICATION_ID if !tables.is_empty() && !has_records_layout()? => {
            return Err(refuse(format!("it is damaged: its tables ({}) are not the emulator's", tables.join(", "))));
        }
        APPLICATION_ID => {}
        // A new (or empty) file, or one of the layout from before versions.
        0 if version == 0 && (tables.is_empty() || has_records_layout()?) => {}
        0 if tables.is_empty() => {
            return Err(refuse(format!("it is not an emulator data file (its user_version is {version} and it has no tables)")));
        }
        0 => return Err(refuse(format!("it is not an emulator data file (it has the tables {})", tables.join(", ")))),
        other => {
            return Err(refuse(format!(
                "it is not an emulator data file (its application_id is {other:#010x}, not the emulator's {APPLICATION_ID:#010x})"
            )));
        }
    }
    let unwritable = |e: rusqlite::Error| {
        if is_code(&e, ErrorCode::DatabaseBusy) || is_code(&e, ErrorCode::DatabaseLocked) {
            refuse(format!("it cannot be written: another process holds its lock ({e})"))
        } else {
            refuse(format!("it cannot be written ({e})"))
        }
    };
    // Taking the write lock and writing the stamps, even when they are already there, is what
    // proves the file (and its directory, for the WAL files) writable: mode bits do not stop root.
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;").map_err(unwritable)?;
    conn.execute_batch(&format!(
        "BEGIN IMMEDIATE;
         CREATE TABLE IF NOT EXISTS records (
             seq INTEGER PRIMARY KEY AUTOINCREMENT,
             kind TEXT NOT NULL,
             id TEXT NOT NULL,
             body TEXT NOT NULL,
             UNIQUE (kind, id)
         );
         PRAGMA application_id = {APPLICATION_ID};
         PRAGMA user_version = {VERSION};
         COMMIT;"
    ))
    .map_err(|e| {
        let _ = conn.execute_batch("ROLLBACK");
        unwritable(e)
    })?;
    conn.busy_timeout(Duration::from_secs(5)).map_err(unwritable)?;
    Ok(())
}
