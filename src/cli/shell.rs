//! `stance completions SHELL` and `stance man`: generated from the clap definitions, so they
//! never drift from the real flags.
use anyhow::{Context, Result};
use clap::{Args, CommandFactory, ValueEnum};
use std::io::Write;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write a completion script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Shells clap_complete writes scripts for (mirrored here so the CLI names them itself).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

impl From<Shell> for clap_complete::Shell {
    fn from(s: Shell) -> Self {
        match s {
            Shell::Bash => clap_complete::Shell::Bash,
            Shell::Zsh => clap_complete::Shell::Zsh,
            Shell::Fish => clap_complete::Shell::Fish,
            Shell::Powershell => clap_complete::Shell::PowerShell,
            Shell::Elvish => clap_complete::Shell::Elvish,
        }
    }
}

#[derive(Debug, Args)]
pub struct ManArgs {}

pub fn completions(args: CompletionsArgs) -> Result<()> {
    let mut cmd = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(
        clap_complete::Shell::from(args.shell),
        &mut cmd,
        "stance",
        &mut out,
    );
    std::io::stdout().lock().write_all(&out)?;
    Ok(())
}

pub fn man(_args: ManArgs) -> Result<()> {
    let cmd = super::Cli::command();
    let mut out = Vec::new();
    // The top page, then one section per subcommand, so `man stance` documents every flag.
    clap_mangen::Man::new(cmd.clone())
        .render(&mut out)
        .context("cannot render the manual page")?;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let sub = sub.clone().name(format!("stance-{}", sub.get_name()));
        clap_mangen::Man::new(sub)
            .render(&mut out)
            .context("cannot render the manual page")?;
    }
    std::io::stdout().lock().write_all(&out)?;
    Ok(())
}
