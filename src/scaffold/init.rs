//! `gongkai init <dir>`: a minimal site that builds and passes `gongkai check` as created (apart from
//! the init-placeholder warnings for [`PLACEHOLDER_HOST`] and [`PLACEHOLDER_CODE`]) —
//! one unit, the four entries 国办公开办函〔2019〕61号 asks for (指南, 制度, 法定主动公开内容,
//! 年报), a 规范性文件 and an annual report each with its 政策解读 (三同步).

use std::path::{Path, PathBuf};

use crate::config;
use crate::dates::Date;

use super::edit::{set_index_number, write_atomic};
use super::numbers::{plan, scan};

/// What `gongkai init` writes where only the office knows the real value; `gongkai check`
/// warns while they are still there (rule `init-placeholder`).
pub const PLACEHOLDER_HOST: &str = "example.gov.cn";
/// A 统一社会信用代码 of 18 zeros (never a real one).
pub const PLACEHOLDER_CODE: &str = "000000000000000000";

const SITE_YAML: &str = r#"# yaml-language-server: $schema=schema/site.json
# gongkai 站点配置 / site configuration — see the gongkai README for every key.
# 未知的键会报错（并提示最接近的写法）/ unknown keys are errors.

title: 示例区人民政府 政府信息公开
# 对外发布地址（以 / 结尾），请改为本站实际地址（gongkai check 会提示）
# public address, ends in / — replace the placeholder (gongkai check warns until you do)
base_url: https://example.gov.cn/xxgk/
organization: 示例区人民政府

# 发布机构：每篇文档的 issuer 必须是这里的 name 或 aliases 之一。
# code 为统一社会信用代码，用作索引号前缀：<code>/<年份>-<5位流水号>。
# 没有 code 的单位以单位名称作前缀。
# Every document's issuer must be listed here; `code` prefixes the 索引号
# (index_number); a unit without `code` uses its name instead.
units:
  - name: 示例区人民政府办公室
    aliases: [区政府办公室]
    # 请改为本单位的统一社会信用代码（18位）/ replace with your unit's code
    code: "000000000000000000"

# 栏目：每个存放文档的 content/ 子目录都要登记（path 即目录）。
# freshness：news 2周、policy 6个月、planning 1年未更新即告警；none 不检查。
# Every content folder that holds documents is declared here.
columns:
  - path: zfxxgkzn
    title: 政府信息公开指南
    freshness: none
  - path: zfxxgkzd
    title: 政府信息公开制度
    freshness: none
  # 上级栏目，本身不放文档 / parent section, holds no documents itself
  - path: fdzdgknr
    title: 法定主动公开内容
    freshness: none
  - path: fdzdgknr/gfxwj
    title: 行政规范性文件
    freshness: policy
  - path: fdzdgknr/zcjd
    title: 政策解读
    freshness: policy
  - path: fdzdgknr/czyjs
    title: 财政预决算
    freshness: planning
  - path: zfxxgknb
    title: 政府信息公开年报
    freshness: planning

# 检查规则，均可省略 / all optional
rules:
  interpretation_required: [规范性文件, 政策文件, 年度报告]
  publish_within_working_days: 20
"#;

const README: &str = "# {TITLE}

政府信息公开专栏的源文件，用 gongkai 生成静态网站。
Source of a government information-disclosure column, built with gongkai.

- `gongkai serve` — 本地预览（修改后自动刷新）/ preview with live reload
- `gongkai build` — 生成 `public/` / build the site into public/
- `gongkai check` — 政府网站检查（解读、更新、链接……）/ the compliance inspection
- `gongkai new fdzdgknr/gfxwj/{YEAR}-2.md --kind 规范性文件` — 新建文档 / new document
- `gongkai index-numbers --write` — 补齐索引号 / fill in missing 索引号

`site.yaml` 登记单位和栏目；`content/` 下每个目录是一个栏目，每个 `.md` 是一篇文档。
示例文档可以删除；`site.yaml` 中的 `code` 请改为本单位的统一社会信用代码。
";

/// The example documents: (content path, text). `{Y}` = this year, `{P}` = last year, `{D}` = today.
/// The starter standard catalog (catalog.yaml, SPEC §9).
const CATALOG_YAML: &str = include_str!("starter-catalog.yaml");

const DOCS: &[(&str, &str)] = &[
    (
        "fdzdgknr/czyjs/{Y}-ys.md",
        "---
title: 示例区{Y}年区级预算公开
disclosure: 主动公开
issuer: 示例区人民政府办公室
date: {D}
catalog: CZ-01
topics: [财政预决算]
summary: 公开{Y}年区级一般公共预算、政府性基金预算、国有资本经营预算和“三公”经费预算。
---

经区人民代表大会批准，现将{Y}年区级预算公开如下（预算报表和说明见附件；没有数据的表格列出空表并说明）。
",
    ),
    (
        "zfxxgkzn/zfxxgkzn.md",
        "---
title: 示例区人民政府办公室政府信息公开指南
disclosure: 主动公开
issuer: 示例区人民政府办公室
date: {D}
topics: [政务公开]
summary: 说明本机关主动公开的范围和方式，以及申请获取政府信息的程序。
---

## 一、主动公开

本机关主动公开的政府信息，通过本网站“法定主动公开内容”栏目发布，并在政务服务中心查阅点提供查阅。

## 二、依申请公开

公民、法人或者其他组织可以向本机关申请获取相关政府信息。申请应当采用书面形式（含数据电文形式），写明申请人的姓名或者名称、身份证明、联系方式，申请公开的政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式、途径。

本机关收到申请，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。

## 三、监督和救济

申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。
",
    ),
    (
        "zfxxgkzd/gkzd.md",
        "---
title: 示例区人民政府办公室政府信息公开工作制度
disclosure: 主动公开
issuer: 示例区人民政府办公室
date: {D}
topics: [政务公开]
---

为规范政府信息公开工作，根据《中华人民共和国政府信息公开条例》，结合本机关实际，建立公文公开属性源头认定、公开前审查、政策解读“三同步”和栏目日常检查维护等制度。
",
    ),
    (
        "fdzdgknr/gfxwj/{Y}-1.md",
        "---
title: 示例区人民政府办公室关于印发《示例区政务公开工作管理办法》的通知
disclosure: 主动公开
issuer: 示例区人民政府办公室
date: {D}
doc_number: 示政办发〔{Y}〕1号
kind: 规范性文件
validity: 有效
valid_from: {D}
interpretation: fdzdgknr/zcjd/{Y}-1-jd.md
topics: [政务公开]
summary: 规定政务公开的范围、程序和监督保障。
---

各有关单位：

《示例区政务公开工作管理办法》已经区政府同意，现印发给你们，请认真贯彻执行。

## 示例区政务公开工作管理办法

**第一条** 为推进政务公开，保障公民、法人和其他组织依法获取政府信息，制定本办法。

**第二条** 行政机关应当坚持以公开为常态、不公开为例外，公文在起草时明确公开属性。
",
    ),
    (
        "fdzdgknr/zcjd/{Y}-1-jd.md",
        "---
title: 《示例区政务公开工作管理办法》政策解读
disclosure: 主动公开
issuer: 示例区人民政府办公室
date: {D}
kind: 政策解读
interprets: fdzdgknr/gfxwj/{Y}-1.md
topics: [政务公开]
---

## 一、制定背景

为贯彻落实《中华人民共和国政府信息公开条例》，规范本区政务公开工作，制定本办法。

## 二、主要内容

办法明确了公开属性源头认定、公开前审查和政策解读“三同步”等要求。
",
    ),
    (
        "zfxxgknb/{Y}-nb.md",
        "---
title: 示例区人民政府办公室{P}年政府信息公开工作年度报告
disclosure: 主动公开
issuer: 示例区人民政府办公室
date: {D}
kind: 年度报告
interpretation: fdzdgknr/zcjd/{Y}-nb-jd.md
topics: [政务公开, 年度报告]
---

本报告根据《中华人民共和国政府信息公开条例》第五十条编制，所列数据统计期限自{P}年1月1日起至{P}年12月31日止。

## 一、总体情况

## 二、主动公开政府信息情况

## 三、收到和处理政府信息公开申请情况

## 四、政府信息公开行政复议、行政诉讼情况

## 五、存在的主要问题及改进情况

## 六、其他需要报告的事项
",
    ),
    (
        "fdzdgknr/zcjd/{Y}-nb-jd.md",
        "---
title: 一图读懂示例区人民政府办公室{P}年政府信息公开工作年度报告
disclosure: 主动公开
issuer: 示例区人民政府办公室
date: {D}
kind: 政策解读
interprets: zfxxgknb/{Y}-nb.md
topics: [政务公开, 年度报告]
---

{P}年，本机关主动公开政府信息，依法办理政府信息公开申请，持续加强政府信息管理和平台建设。
",
    ),
];

/// Why `init` did nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitError(pub String);

/// Create the site in `dir` (which must be absent or empty). Returns the files written,
/// relative to `dir`.
pub fn init_site(dir: &Path, today: Date) -> Result<Vec<PathBuf>, InitError> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(InitError(t!(
                "{d} 已存在，且不是文件夹",
                "{d} exists and is not a folder",
                d = dir.display()
            )));
        }
        let mut entries = std::fs::read_dir(dir).map_err(|e| {
            InitError(t!(
                "无法读取 {d}：{e}",
                "cannot read {d}: {e}",
                d = dir.display()
            ))
        })?;
        if entries.next().is_some() {
            return Err(InitError(t!(
                "{d} 不是空文件夹；gongkai init 只在新的或空的文件夹中创建站点",
                "{d} is not empty; gongkai init only creates a site in a new or empty folder",
                d = dir.display()
            )));
        }
    }
    let fill = |t: &str| {
        t.replace("{Y}", &today.year.to_string())
            .replace("{P}", &(today.year - 1).to_string())
            .replace("{D}", &today.to_string())
    };
    let mut files: Vec<(PathBuf, String)> = vec![
        (PathBuf::from("site.yaml"), SITE_YAML.to_string()),
        (
            PathBuf::from("README.md"),
            README
                .replace("{TITLE}", "示例区人民政府 政府信息公开")
                .replace("{YEAR}", &today.year.to_string()),
        ),
        (PathBuf::from(".gitignore"), "/public/\n".to_string()),
        (PathBuf::from("catalog.yaml"), CATALOG_YAML.to_string()),
    ];
    for (rel, text) in DOCS {
        files.push((PathBuf::from("content").join(fill(rel)), fill(text)));
    }
    let io = |p: &Path, e: std::io::Error| {
        InitError(t!(
            "无法写入 {f}：{e}",
            "cannot write {f}: {e}",
            f = p.display()
        ))
    };
    for (rel, text) in &files {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&p, text).map_err(|e| io(&p, e))?;
    }
    // Number the example documents the way `gongkai index-numbers --write` would.
    let cfg = config::load(dir).map_err(|d| {
        InitError(format!(
            "internal error: generated site.yaml is invalid: {}",
            d[0].message
        ))
    })?;
    let p = plan(&cfg, &scan(dir, &cfg), &Default::default());
    for a in &p.assignments {
        let path = dir.join(&a.file);
        let bytes = std::fs::read(&path).map_err(|e| io(&path, e))?;
        let out = set_index_number(&bytes, &a.number)
            .map_err(|e| InitError(format!("internal error: {}: {e}", a.file.display())))?;
        write_atomic(&path, &out).map_err(|e| io(&path, e))?;
    }
    // JSON Schemas for editors, with this site's units (see README, 编辑器提示).
    let schemas = crate::schema::write_files(dir, Some(&cfg)).map_err(|e| io(dir, e))?;
    let mut out: Vec<PathBuf> = files.into_iter().map(|(p, _)| p).collect();
    out.extend(schemas.into_iter().map(PathBuf::from));
    Ok(out)
}
