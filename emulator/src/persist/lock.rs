//! One emulator per data file, and a data file only its owner can read.
//!
//! Two emulators on one file would each serve only their own writes (each keeps the state in
//! memory and writes what changed), break uniqueness between them (two `admin` roles) and, at the
//! next start, keep one side's state only. So the emulator holds an exclusive lock on `FILE.lock`
//! beside the file for as long as it serves it (std's `File::try_lock`, with a handle that shares
//! no writes on Windows), with its pid written in, and a second emulator is refused at start naming that pid.
//! The lock goes with the process, however it ends; the lock file stays, emptied at a clean stop.
//!
//! The file holds the secret key and the token-signing key: on unix it is created with mode
//! 0600, and an existing one (with SQLite's `-wal`, `-shm` and `-journal` beside it) that others
//! may read or write is restricted to its owner, as no one else has a reason to read it. A file
//! whose mode cannot be changed (someone else's) is used as it is, with a warning on stderr.

use super::DataFileError;
use std::fs::{File, OpenOptions};
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

/// The lock on a data file, held until dropped.
pub(crate) struct DataLock {
    file: File,
}

/// `FILE<suffix>` beside `FILE` (`FILE.lock`, SQLite's `FILE-wal`).
fn beside(data: &Path, suffix: &str) -> PathBuf {
    let mut name = data.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Creates `path` if missing, readable and writable by its owner alone on unix.
fn open_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    // Others may read the pid of the emulator holding it; none may write while it is held.
    #[cfg(windows)]
    std::os::windows::fs::OpenOptionsExt::share_mode(&mut options, 1 /* FILE_SHARE_READ */);
    options.open(path)
}

impl DataLock {
    /// Locks `data` for this process, or says which emulator holds it.
    pub(crate) fn take(data: &Path) -> Result<DataLock, DataFileError> {
        let path = beside(data, ".lock");
        let held = |pid: Option<String>| {
            let by = pid.map_or("another emulator".to_string(), |p| format!("another emulator (pid {p})"));
            DataFileError::new(data, format!("{by} is serving it (it holds {}); stop it, or give this one another file", path.display()))
        };
        let holder = || std::fs::read_to_string(&path).ok().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let mut file = match open_private(&path) {
            Ok(f) => f,
            #[cfg(windows)]
            Err(e) if e.raw_os_error() == Some(32) => return Err(held(holder())), // ERROR_SHARING_VIOLATION
            Err(e) => return Err(DataFileError::new(data, format!("its lock file {} cannot be created or opened ({e})", path.display()))),
        };
        // std's advisory lock: flock on unix, LockFileEx on Windows.
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(held(holder())),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(DataFileError::new(data, format!("its lock file {} cannot be locked ({e})", path.display())));
            }
        }
        let pid = std::process::id().to_string();
        let written =
            file.set_len(0).and_then(|()| file.rewind()).and_then(|()| file.write_all(pid.as_bytes())).and_then(|()| file.flush());
        written.map_err(|e| DataFileError::new(data, format!("its lock file {} cannot be written ({e})", path.display())))?;
        Ok(DataLock { file })
    }
}

impl Drop for DataLock {
    fn drop(&mut self) {
        // No pid is left behind for a process that no longer holds the file; the lock itself
        // goes when the file is closed.
        let _ = self.file.set_len(0);
    }
}

/// Creates `data` (empty, which SQLite takes as a new database) with mode 0600 when missing;
/// restricts an existing one, and SQLite's files beside it, to their owner. Unix only.
pub(crate) fn make_private(data: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let created = OpenOptions::new().write(true).create_new(true).mode(0o600).open(data);
        if created.is_ok() {
            return;
        }
        // Any other failure (a missing folder) is SQLite's to report, naming the file.
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let path = beside(data, suffix);
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            let mode = meta.permissions().mode();
            if meta.is_file()
                && mode & 0o077 != 0
                && let Err(e) = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode & 0o700))
            {
                eprintln!(
                    "saasus-emulator: warning: {} holds the emulator's secret keys and others may read or write it (mode {:o}), but it cannot be restricted to its owner ({e})",
                    path.display(),
                    mode & 0o777
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = data;
}
