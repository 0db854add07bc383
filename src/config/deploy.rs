//! The `deploy` section of site.yaml: named deploy targets.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::fields::MapReader;
use crate::frontmatter;

use super::{DeployTarget, FILE, seq_items};

pub(super) fn read_deploy(n: &frontmatter::Node, diags: &mut Vec<Diagnostic>) -> Vec<DeployTarget> {
    let file = Path::new(FILE);
    let r = MapReader::new(
        file,
        n,
        &crate::keys::specs(crate::keys::DEPLOY),
        "`deploy`",
    );
    let mut targets: Vec<DeployTarget> = Vec::new();
    if let Some(t) = r.node("targets") {
        for item in seq_items(t, "deploy.targets", diags) {
            let keys = crate::keys::specs(crate::keys::DEPLOY_TARGET);
            let mut tr = MapReader::new(file, item, &keys, &t!("部署目标", "a deploy target"));
            let name = tr.req_str(
                "name",
                "名称",
                &t!("例如 `- name: production`", "e.g. `- name: production`"),
            );
            let url = tr.req_str(
                "url",
                "地址",
                &t!(
                    "rsync+ssh://用户@主机:22/srv/www/xxgk 或 file:///srv/www/xxgk",
                    "rsync+ssh://user@host:22/srv/www/xxgk or file:///srv/www/xxgk"
                ),
            );
            let keep = tr.integer("keep").unwrap_or(5);
            if keep < 1 {
                let l = tr.line_of("keep");
                tr.error(l, t!("`keep` 至少为 1", "`keep` must be at least 1"), None);
            }
            let verify_url = tr.str("verify_url");
            // Issue 16 item 12: the URL is checked where it is written (a user or host
            // starting with `-` reached ssh as an option), and verify_url must be a plain
            // http(s) address (it is given to curl).
            if let Some(u) = &url
                && (u.starts_with("rsync+ssh://") || u.starts_with("file://"))
                && let Err(msg) = crate::deploy::target::Location::parse(u)
            {
                let l = tr.line_of("url");
                tr.error(
                    l,
                    msg,
                    Some("e.g. rsync+ssh://deploy@host:22/srv/www/xxgk".into()),
                );
            }
            if let Some(v) = &verify_url
                && !crate::urls::is_well_formed_url(v)
            {
                let l = tr.line_of("verify_url");
                tr.error(
                    l,
                    t!(
                        "`verify_url` 应是完整的 http(s) 地址，`{v}` 不是",
                        "`verify_url` must be a full http(s) address; `{v}` is not"
                    ),
                    Some("e.g. verify_url: https://www.example.gov.cn/xxgk/".into()),
                );
            }
            if let Some(u) = &url
                && !(u.starts_with("rsync+ssh://") || u.starts_with("file://"))
            {
                let l = tr.line_of("url");
                tr.error(
                    l,
                    t!(
                        "部署地址 `{u}` 应以 rsync+ssh:// 或 file:// 开头",
                        "deploy url `{u}` must start with rsync+ssh:// or file://"
                    ),
                    Some(t!(
                        "例如 rsync+ssh://deploy@host:22/srv/www/xxgk",
                        "e.g. rsync+ssh://deploy@host:22/srv/www/xxgk"
                    )),
                );
            }
            if let Some(name) = &name
                && targets.iter().any(|t| &t.name == name)
            {
                tr.error(
                    item.line,
                    t!(
                        "部署目标 `{name}` 声明了两次",
                        "deploy target `{name}` is declared twice"
                    ),
                    None,
                );
            }
            diags.extend(tr.finish());
            if let (Some(name), Some(url)) = (name, url) {
                targets.push(DeployTarget {
                    name,
                    url,
                    keep: keep.max(1) as usize,
                    verify_url,
                });
            }
        }
    }
    diags.extend(r.finish());
    targets
}
