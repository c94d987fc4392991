use std::os::unix::process::CommandExt;
use std::process::Command;

/// Makes the child die with the thread that spawned it (`PR_SET_PDEATHSIG`), so a server
/// never outlives a test or dev process that was killed before its `Drop` ran.
/// Servers must therefore be used from the thread that started them, or one that outlives it.
pub(crate) fn dies_with_parent(cmd: &mut Command) -> &mut Command {
    // SAFETY: prctl is async-signal-safe and touches no memory of the parent.
    unsafe {
        cmd.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    }
}
