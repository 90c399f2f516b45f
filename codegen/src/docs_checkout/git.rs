//! The commit and origin of a git checkout, read from its `.git` folder (no `git` program
//! needed): `HEAD`, loose and packed refs, a worktree's `gitdir:` file, and the `url` of
//! the `origin` remote in `config`.

use std::fs;
use std::path::{Path, PathBuf};

/// What a checkout's `.git` says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct GitInfo {
    /// The commit `HEAD` points at (40 hex digits), when it can be told.
    pub commit: Option<String>,
    /// The `origin` remote's URL (else the first remote's), without any user name or
    /// password it may carry.
    pub remote: Option<String>,
}

/// The git information of the repository whose work tree is `repo`, or `None` when
/// `repo` holds no `.git`.
pub(super) fn info(repo: &Path) -> Option<GitInfo> {
    let git_dir = git_dir(repo)?;
    let common = match fs::read_to_string(git_dir.join("commondir")) {
        Ok(c) => git_dir.join(c.trim()),
        Err(_) => git_dir.clone(),
    };
    Some(GitInfo {
        commit: head_commit(&git_dir, &common),
        remote: fs::read_to_string(common.join("config"))
            .ok()
            .and_then(|c| remote_url(&c))
            .map(|u| without_credentials(&u)),
    })
}

fn git_dir(repo: &Path) -> Option<PathBuf> {
    let dot = repo.join(".git");
    if dot.is_dir() {
        return Some(dot);
    }
    let text = fs::read_to_string(&dot).ok()?;
    let target = text.trim().strip_prefix("gitdir:")?.trim();
    let path = repo.join(target);
    path.is_dir().then_some(path)
}

fn head_commit(git_dir: &Path, common: &Path) -> Option<String> {
    let head = fs::read_to_string(git_dir.join("HEAD")).ok()?;
    let head = head.trim();
    let Some(name) = head.strip_prefix("ref:").map(str::trim) else {
        return is_sha(head).then(|| head.to_owned());
    };
    for dir in [git_dir, common] {
        if let Ok(sha) = fs::read_to_string(dir.join(name)) {
            let sha = sha.trim();
            if is_sha(sha) {
                return Some(sha.to_owned());
            }
        }
    }
    let packed = fs::read_to_string(common.join("packed-refs")).ok()?;
    packed.lines().find_map(|line| {
        let (sha, r) = line.split_once(' ')?;
        (r.trim() == name && is_sha(sha)).then(|| sha.to_owned())
    })
}

fn is_sha(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The `url` of `[remote "origin"]`, else of the first remote.
fn remote_url(config: &str) -> Option<String> {
    let mut section = String::new();
    let mut urls: Vec<(String, String)> = Vec::new();
    for line in config.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line.to_owned();
        } else if let Some((key, value)) = line.split_once('=') {
            if key.trim().eq_ignore_ascii_case("url") && section.starts_with("[remote ") {
                urls.push((section.clone(), value.trim().to_owned()));
            }
        }
    }
    urls.iter()
        .find(|(s, _)| s == "[remote \"origin\"]")
        .or_else(|| urls.first())
        .map(|(_, u)| u.clone())
}

/// `https://user:token@host/x` -> `https://host/x`: a URL in a NOTICE must not carry a
/// secret.
fn without_credentials(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((_, host)) => format!("{scheme}://{host}{path}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remote_url_loses_its_user_name_and_token() {
        assert_eq!(
            without_credentials("https://me:ghp_secret@github.com/microsoftgraph/x.git"),
            "https://github.com/microsoftgraph/x.git"
        );
        assert_eq!(
            without_credentials("git@github.com:microsoftgraph/x.git"),
            "git@github.com:microsoftgraph/x.git"
        );
        assert_eq!(without_credentials("https://h/a@b"), "https://h/a@b");
    }

    /// A fresh folder for one test.
    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "msgraph-typed-codegen-git-{name}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

    #[test]
    fn a_branch_found_only_in_packed_refs_gives_its_commit() {
        let repo = temp("packed");
        fs::create_dir_all(repo.join(".git")).unwrap();
        fs::write(repo.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        fs::write(
            repo.join(".git/packed-refs"),
            format!("# pack-refs with: peeled\n{SHA} refs/heads/main\n"),
        )
        .unwrap();
        assert_eq!(info(&repo).unwrap().commit.as_deref(), Some(SHA));
        let _ = fs::remove_dir_all(&repo);
    }

    #[test]
    fn a_detached_head_in_a_linked_worktree_gives_its_commit_and_the_main_config() {
        let root = temp("worktree");
        let main_git = root.join("main/.git");
        fs::create_dir_all(main_git.join("worktrees/wt")).unwrap();
        fs::write(
            main_git.join("config"),
            "[remote \"origin\"]\n\turl = https://example.com/docs.git\n",
        )
        .unwrap();
        fs::write(main_git.join("worktrees/wt/HEAD"), format!("{SHA}\n")).unwrap();
        fs::write(main_git.join("worktrees/wt/commondir"), "../..\n").unwrap();
        fs::create_dir_all(root.join("wt")).unwrap();
        fs::write(root.join("wt/.git"), "gitdir: ../main/.git/worktrees/wt\n").unwrap();
        let got = info(&root.join("wt")).unwrap();
        assert_eq!(got.commit.as_deref(), Some(SHA));
        assert_eq!(got.remote.as_deref(), Some("https://example.com/docs.git"));
        assert_eq!(info(&root), None, "no .git there");
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn the_origin_remote_is_preferred_to_the_first() {
        let config = "[core]\n\tbare = false\n[remote \"fork\"]\n\turl = https://f/x\n\
                      [remote \"origin\"]\n\turl = https://o/x\n";
        assert_eq!(remote_url(config).as_deref(), Some("https://o/x"));
        assert_eq!(
            remote_url("[remote \"fork\"]\nurl = https://f/x\n").as_deref(),
            Some("https://f/x")
        );
        assert_eq!(remote_url("[core]\nurl = nope\n"), None);
    }
}
