//! The data file carries a schema version and the emulator's application id: a file of the
//! unversioned layout is upgraded, and a file the emulator cannot use (not SQLite, another
//! application's, a newer schema, not writable) is refused at start, naming the file and why.

use saasus_emulator::{Credentials, Emulator, Options};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `PRAGMA application_id` of an emulator data file: "SSEM".
const APPLICATION_ID: i32 = 0x5353_454D;
const SCHEMA_VERSION: i32 = 1;

fn data_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("saasus-emulator-datafile-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("state.sqlite")
}

async fn start(data: &Path) -> std::io::Result<Emulator> {
    Emulator::start(Options { data: Some(data.to_path_buf()), ..Options::default() }).await
}

fn stamps(data: &Path) -> (i32, i32) {
    let conn = rusqlite::Connection::open(data).unwrap();
    let id = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    let version = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    (id, version)
}

async fn refused(data: &Path, reason: &str) {
    let err = match start(data).await {
        Ok(emu) => {
            emu.stop().await;
            panic!("{} was accepted; expected a refusal for: {reason}", data.display());
        }
        Err(e) => e.to_string(),
    };
    assert!(err.contains(&data.display().to_string()), "the message names the file: {err}");
    assert!(err.contains(reason), "the message says {reason:?}: {err}");
}

#[tokio::test]
async fn a_new_file_is_stamped_with_the_application_id_and_version() {
    let data = data_file("new");
    start(&data).await.unwrap().stop().await;
    assert_eq!(stamps(&data), (APPLICATION_ID, SCHEMA_VERSION));
}

#[tokio::test]
async fn a_file_of_the_unversioned_layout_opens_and_is_upgraded() {
    let data = data_file("legacy");
    let creds = Credentials::generate();
    let emu = Emulator::start(Options { credentials: creds.clone(), data: Some(data.clone()), ..Options::default() }).await.unwrap();
    let c = saasus::Client::new(emu.config()).unwrap();
    let role = saasus::models::CreateRoleParam { role_name: "admin".into(), display_name: "Admin".into() };
    c.auth().role().create_role(&role).await.unwrap();
    emu.stop().await;
    // What the emulator wrote before files had versions: the same table, no stamps.
    let conn = rusqlite::Connection::open(&data).unwrap();
    conn.execute_batch("PRAGMA application_id = 0; PRAGMA user_version = 0;").unwrap();
    drop(conn);
    assert_eq!(stamps(&data), (0, 0));

    let emu = Emulator::start(Options { credentials: creds, data: Some(data.clone()), ..Options::default() }).await.unwrap();
    let c = saasus::Client::new(emu.config()).unwrap();
    assert_eq!(c.auth().role().get_roles().await.unwrap().roles[0].role_name, "admin");
    emu.stop().await;
    assert_eq!(stamps(&data), (APPLICATION_ID, SCHEMA_VERSION));
}

#[tokio::test]
async fn a_file_that_is_not_sqlite_is_refused() {
    let data = data_file("not-sqlite");
    std::fs::write(&data, "these are my notes, not a database\n".repeat(200)).unwrap();
    refused(&data, "not an SQLite database").await;
    assert!(std::fs::read_to_string(&data).unwrap().starts_with("these are my notes"), "the file is left as it was");
}

#[tokio::test]
async fn another_applications_database_is_refused() {
    let foreign = data_file("foreign-tables");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE invoices (id INTEGER, total REAL);").unwrap();
    refused(&foreign, "not an emulator data file").await;
    assert_eq!(stamps(&foreign), (0, 0), "the file is left as it was");

    let other_id = data_file("other-application-id");
    rusqlite::Connection::open(&other_id).unwrap().execute_batch("PRAGMA application_id = 42;").unwrap();
    refused(&other_id, "application_id").await;
}

#[tokio::test]
async fn a_file_from_a_newer_emulator_is_refused() {
    let data = data_file("newer");
    start(&data).await.unwrap().stop().await;
    rusqlite::Connection::open(&data).unwrap().execute_batch(&format!("PRAGMA user_version = {};", SCHEMA_VERSION + 1)).unwrap();
    refused(&data, "newer").await;
}

/// Holding the file's write lock from another connection makes it unwritable whoever runs the
/// test (root included, for whom a read-only mode bit changes nothing).
#[tokio::test]
async fn a_file_that_cannot_be_written_is_refused_at_start() {
    let data = data_file("locked");
    start(&data).await.unwrap().stop().await;
    let holder = rusqlite::Connection::open(&data).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE;").unwrap();
    refused(&data, "cannot be written").await;
    holder.execute_batch("ROLLBACK;").unwrap();
    drop(holder);

    // A read-only file: the mode bit stops anyone but root, so as root (as CI runs) the
    // emulator binary is run as `nobody`, owning the file and its directory, for whom it holds.
    let data = data_file("read-only");
    start(&data).await.unwrap().stop().await;
    let dir = data.parent().unwrap();
    let mut cmd = emulator_binary(&data);
    #[cfg(unix)]
    if unsafe { libc::geteuid() } == 0 {
        use std::os::unix::process::CommandExt;
        const NOBODY: u32 = 65534;
        for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap).map(|e| e.path()).chain([dir.to_path_buf()]) {
            std::os::unix::fs::chown(&entry, Some(NOBODY), Some(NOBODY)).unwrap();
        }
        cmd.uid(NOBODY).gid(NOBODY);
    }
    let mut perms = std::fs::metadata(&data).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&data, perms).unwrap();
    let out = exited(cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "the read-only file was served: {stderr}");
    assert!(stderr.contains(&data.display().to_string()) && stderr.contains("cannot be written"), "{stderr}");
}

/// How `child` ended. One that serves never exits: it is stopped after 20 s (a must-not-hang
/// guard, not a measure of speed; a refusal comes before the emulator listens) and is then seen
/// to have been killed, failing the test's exit-status check.
fn exited(mut child: std::process::Child) -> std::process::Output {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    child.wait_with_output().unwrap()
}

/// The emulator binary serving `data` on a free port, with no credentials from the environment.
fn emulator_binary(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_saasus-emulator"));
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("SAASUS_")) {
        cmd.env_remove(k);
    }
    cmd.args(["--port", "0", "--quiet", "--data", data.to_str().unwrap()]).stdin(Stdio::null());
    cmd
}

#[test]
fn the_binary_exits_non_zero_naming_the_file_and_the_reason() {
    let data = data_file("binary");
    std::fs::write(&data, "not a database at all\n".repeat(200)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_saasus-emulator"))
        .args(["--port", "0", "--data", data.to_str().unwrap()])
        .env_remove("SAASUS_API_KEY")
        .env_remove("SAASUS_SECRET_KEY")
        .env_remove("SAASUS_SAAS_ID")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing announced: {}", String::from_utf8_lossy(&out.stdout));
    assert!(stderr.contains(&data.display().to_string()) && stderr.contains("not an SQLite database"), "{stderr}");
    assert!(!stderr.contains("cannot listen"), "{stderr}");
}

/// Two emulators on one file would each serve only their own writes and keep one side's state
/// at the next start: the second is refused, naming the file and the pid of the one serving it.
#[tokio::test]
async fn a_second_emulator_on_the_same_file_is_refused_naming_the_holders_pid() {
    let data = data_file("shared");
    let first = start(&data).await.unwrap();
    refused(&data, &format!("another emulator (pid {}) is serving it", std::process::id())).await;
    first.stop().await;
    // Stopped, the file is free again, and its lock file names no one.
    let again = start(&data).await.unwrap();
    again.stop().await;
    let lock = format!("{}.lock", data.display());
    assert_eq!(std::fs::read_to_string(&lock).unwrap(), "", "{lock}");
}

#[test]
fn a_second_emulator_binary_on_the_same_file_exits_naming_the_first_ones_pid() {
    use std::io::BufRead;
    let data = data_file("shared-binary");
    let run = || emulator_binary(&data);
    let mut first = run().stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut lines = std::io::BufReader::new(first.stdout.take().unwrap()).lines();
    assert!(lines.next().unwrap().unwrap().starts_with("SAASUS_BASE_URL="), "the first one serves");
    let second = exited(run().stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap());
    first.kill().unwrap();
    first.wait().unwrap();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(1), "{stderr}");
    assert!(second.stdout.is_empty(), "nothing announced: {}", String::from_utf8_lossy(&second.stdout));
    assert!(stderr.contains(&data.display().to_string()) && stderr.contains(&format!("pid {}", first.id())), "{stderr}");
    // Killed, the first one holds nothing: a new one serves the file.
    let mut third = run().stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut lines = std::io::BufReader::new(third.stdout.take().unwrap()).lines();
    assert!(lines.next().unwrap().unwrap().starts_with("SAASUS_BASE_URL="));
    third.kill().unwrap();
    third.wait().unwrap();
}

/// The file holds the secret key and the token-signing key: its owner's alone (mode 0600),
/// created so, or restricted so when found readable by others.
#[cfg(unix)]
#[tokio::test]
async fn the_data_file_is_readable_by_its_owner_alone() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let data = data_file("mode");
    let emu = start(&data).await.unwrap();
    let c = saasus::Client::new(emu.config()).unwrap();
    c.auth()
        .role()
        .create_role(&saasus::models::CreateRoleParam { role_name: "admin".into(), display_name: "Admin".into() })
        .await
        .unwrap();
    assert_eq!(mode(&data), 0o600);
    for suffix in ["-wal", "-shm", ".lock"] {
        let beside = PathBuf::from(format!("{}{suffix}", data.display()));
        if beside.exists() {
            assert_eq!(mode(&beside), 0o600, "{}", beside.display());
        }
    }
    emu.stop().await;

    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o644)).unwrap();
    start(&data).await.unwrap().stop().await;
    assert_eq!(mode(&data), 0o600, "an existing file readable by others is restricted");
}
