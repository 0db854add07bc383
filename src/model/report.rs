//! 政府信息公开工作年度报告: the statutory table formats and a report's figures (SPEC §8).
//!
//! Row and column wording follows the official formats:
//! - 国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》(reports on 2021 and
//!   later). Notice text as republished from 中国政府网 at
//!   http://zrzy.smx.gov.cn/16903/616589856/1288675.html; the attachment's tables as filled in
//!   by reporting bodies, e.g. https://www.lg.gov.cn/xxgk/xxgknb/qzfgzbm/content/post_11956962.html
//!   and http://www.yanliang.gov.cn/xxgk/bmxxgknb/61f23604f8fd1c0bdc7cf43d.html (表二, 表三
//!   header and rows), http://180.76.149.248:88/book/2022dzs/xinfang/files/basic-html/page8.html
//!   (表四: one row, 行政复议 ×5 and 行政诉讼 未经复议直接起诉 ×5 / 复议后起诉 ×5).
//! - 国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》(reports on
//!   2019–2020). Notice:
//!   https://fujian.gov.cn:82/gate/big5/www.fujian.gov.cn/zwgk/zfxxgk/zfxxgkzd/gjzdwj/201912/t20191205_5145687.htm;
//!   the tables as filled in, e.g. http://www.xiongxian.gov.cn/zwgkcontent-888888040-56270.html
//!   (every row, with the single （六）其他处理 row) and https://www.ankang.gov.cn/Content-2027931.html
//!   (表二 with 第二十条第（九）项 政府集中采购).
//!
//! We could not retrieve the attachments from www.gov.cn itself; the wording above agrees across
//! these independent copies.

use serde::Serialize;

/// Which official format a report is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// 国办公开办函〔2021〕30号: reports on 2021 and later.
    F2021,
    /// 国办公开办函〔2019〕60号: reports on 2019 and 2020.
    F2019,
}

impl Format {
    /// The format of a report on `year` (≥ 2019).
    pub fn for_year(year: i32) -> Format {
        if year >= 2021 {
            Format::F2021
        } else {
            Format::F2019
        }
    }

    /// `"2021"` or `"2019"`, as in annual-reports.json.
    pub fn id(self) -> &'static str {
        match self {
            Format::F2021 => "2021",
            Format::F2019 => "2019",
        }
    }

    /// The document that fixes the format.
    pub fn source(self) -> &'static str {
        match self {
            Format::F2021 => "国办公开办函〔2021〕30号",
            Format::F2019 => "国办公开办函〔2019〕60号",
        }
    }

    pub fn active(self) -> &'static [ActiveGroup] {
        match self {
            Format::F2021 => ACTIVE_2021,
            Format::F2019 => ACTIVE_2019,
        }
    }

    pub fn requests(self) -> &'static [ReqRow] {
        match self {
            Format::F2021 => REQ_2021,
            Format::F2019 => REQ_2019,
        }
    }

    /// 表二 rows in order, with the group each belongs to.
    pub fn active_rows(self) -> impl Iterator<Item = (&'static ActiveGroup, &'static str)> {
        self.active()
            .iter()
            .flat_map(|g| g.rows.iter().map(move |r| (g, *r)))
    }

    /// Index of 表三 row `key`.
    pub fn request_row(self, key: &str) -> Option<usize> {
        self.requests().iter().position(|r| r.key == key)
    }
}

impl Serialize for Format {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// What a 表二 cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValKind {
    /// A count: whole number ≥ 0.
    Count,
    /// 本年增/减: a whole number, may be negative.
    Signed,
    /// An amount (万元): a number ≥ 0, decimals allowed.
    Amount,
}

/// A column of a 表二 group.
#[derive(Debug)]
pub struct ActiveCol {
    /// The key in front matter and JSON.
    pub key: &'static str,
    /// The heading in the official table.
    pub heading: &'static str,
    pub kind: ValKind,
}

/// One block of 表二: `第二十条第（一）项` with its columns and rows.
#[derive(Debug)]
pub struct ActiveGroup {
    pub item: &'static str,
    pub cols: &'static [ActiveCol],
    pub rows: &'static [&'static str],
}

const fn col(key: &'static str, heading: &'static str, kind: ValKind) -> ActiveCol {
    ActiveCol { key, heading, kind }
}

const MADE_2021: &[ActiveCol] = &[
    col("本年制发", "本年制发件数", ValKind::Count),
    col("本年废止", "本年废止件数", ValKind::Count),
    col("现行有效", "现行有效件数", ValKind::Count),
];
const DECISIONS_2021: &[ActiveCol] = &[col("本年处理决定数量", "本年处理决定数量", ValKind::Count)];
const FEES_2021: &[ActiveCol] = &[col(
    "本年收费金额",
    "本年收费金额（单位：万元）",
    ValKind::Amount,
)];

/// 表二 of 国办公开办函〔2021〕30号.
pub const ACTIVE_2021: &[ActiveGroup] = &[
    ActiveGroup {
        item: "第二十条第（一）项",
        cols: MADE_2021,
        rows: &["规章", "行政规范性文件"],
    },
    ActiveGroup {
        item: "第二十条第（五）项",
        cols: DECISIONS_2021,
        rows: &["行政许可"],
    },
    ActiveGroup {
        item: "第二十条第（六）项",
        cols: DECISIONS_2021,
        rows: &["行政处罚", "行政强制"],
    },
    ActiveGroup {
        item: "第二十条第（八）项",
        cols: FEES_2021,
        rows: &["行政事业性收费"],
    },
];

const MADE_2019: &[ActiveCol] = &[
    col("本年新制作数量", "本年新制作数量", ValKind::Count),
    col("本年新公开数量", "本年新公开数量", ValKind::Count),
    col("对外公开总数量", "对外公开总数量", ValKind::Count),
];
const ITEMS_2019: &[ActiveCol] = &[
    col("上一年项目数量", "上一年项目数量", ValKind::Count),
    col("本年增减", "本年增/减", ValKind::Signed),
    col("处理决定数量", "处理决定数量", ValKind::Count),
];
const FEES_2019: &[ActiveCol] = &[
    col("上一年项目数量", "上一年项目数量", ValKind::Count),
    col("本年增减", "本年增/减", ValKind::Signed),
];
const PROCUREMENT_2019: &[ActiveCol] = &[
    col("采购项目数量", "采购项目数量", ValKind::Count),
    col("采购总金额", "采购总金额", ValKind::Amount),
];

/// 表二 of 国办公开办函〔2019〕60号.
pub const ACTIVE_2019: &[ActiveGroup] = &[
    ActiveGroup {
        item: "第二十条第（一）项",
        cols: MADE_2019,
        rows: &["规章", "规范性文件"],
    },
    ActiveGroup {
        item: "第二十条第（五）项",
        cols: ITEMS_2019,
        rows: &["行政许可", "其他对外管理服务事项"],
    },
    ActiveGroup {
        item: "第二十条第（六）项",
        cols: ITEMS_2019,
        rows: &["行政处罚", "行政强制"],
    },
    ActiveGroup {
        item: "第二十条第（八）项",
        cols: FEES_2019,
        rows: &["行政事业性收费"],
    },
    ActiveGroup {
        item: "第二十条第（九）项",
        cols: PROCUREMENT_2019,
        rows: &["政府集中采购"],
    },
];

/// The row of 表二 whose figures the site counts itself (30号 only).
pub const NORMATIVE_ROW: &str = "行政规范性文件";

/// What a 表三 row is in the arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    New,
    Carried,
    Result,
    Total,
    CarryOver,
}

/// A row of 表三.
#[derive(Debug)]
pub struct ReqRow {
    /// Front-matter key, e.g. `不予公开/属于国家秘密`.
    pub key: &'static str,
    /// The row's label in the official table, e.g. `1.属于国家秘密`.
    pub label: &'static str,
    /// The result group it belongs to, e.g. `（三）不予公开` (results with sub-rows only).
    pub group: Option<&'static str>,
    pub role: Role,
}

/// 表三 columns (申请人情况), in order.
pub const REQ_COLS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// 表三's top-left cell.
pub const REQ_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
/// Label of the block of result rows.
pub const REQ_RESULTS: &str = "三、本年度办理结果";

const fn rr(key: &'static str, label: &'static str, role: Role) -> ReqRow {
    ReqRow {
        key,
        label,
        group: None,
        role,
    }
}
const fn sub(key: &'static str, label: &'static str, group: &'static str) -> ReqRow {
    ReqRow {
        key,
        label,
        group: Some(group),
        role: Role::Result,
    }
}

const G3: &str = "（三）不予公开";
const G4: &str = "（四）无法提供";
const G5: &str = "（五）不予处理";
const G6: &str = "（六）其他处理";

macro_rules! req_rows {
    ($($other:expr),* ; $($tail:expr),*) => {
        &[
            rr("本年新收", "一、本年新收政府信息公开申请数量", Role::New),
            rr("上年结转", "二、上年结转政府信息公开申请数量", Role::Carried),
            rr("予以公开", "（一）予以公开", Role::Result),
            rr("部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", Role::Result),
            sub("不予公开/属于国家秘密", "1.属于国家秘密", G3),
            sub("不予公开/其他法律行政法规禁止公开", "2.其他法律行政法规禁止公开", G3),
            sub("不予公开/危及“三安全一稳定”", "3.危及“三安全一稳定”", G3),
            sub("不予公开/保护第三方合法权益", "4.保护第三方合法权益", G3),
            sub("不予公开/属于三类内部事务信息", "5.属于三类内部事务信息", G3),
            sub("不予公开/属于四类过程性信息", "6.属于四类过程性信息", G3),
            sub("不予公开/属于行政执法案卷", "7.属于行政执法案卷", G3),
            sub("不予公开/属于行政查询事项", "8.属于行政查询事项", G3),
            sub("无法提供/本机关不掌握相关政府信息", "1.本机关不掌握相关政府信息", G4),
            sub("无法提供/没有现成信息需要另行制作", "2.没有现成信息需要另行制作", G4),
            sub("无法提供/补正后申请内容仍不明确", "3.补正后申请内容仍不明确", G4),
            sub("不予处理/信访举报投诉类申请", "1.信访举报投诉类申请", G5),
            sub("不予处理/重复申请", "2.重复申请", G5),
            sub("不予处理/要求提供公开出版物", "3.要求提供公开出版物", G5),
            sub("不予处理/无正当理由大量反复申请", "4.无正当理由大量反复申请", G5),
            sub("不予处理/要求行政机关确认或重新出具已获取信息", "5.要求行政机关确认或重新出具已获取信息", G5),
            $($other,)*
            rr("总计", "（七）总计", Role::Total),
            rr("结转下年度", "四、结转下年度继续办理", Role::CarryOver),
            $($tail,)*
        ]
    };
}

/// 表三 of 国办公开办函〔2021〕30号: 其他处理 has three reasons.
pub const REQ_2021: &[ReqRow] = req_rows!(
    sub("其他处理/申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", G6),
    sub("其他处理/申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", G6),
    sub("其他处理/其他", "3.其他", G6);
);

/// 表三 of 国办公开办函〔2019〕60号: a single 其他处理 row.
pub const REQ_2019: &[ReqRow] = req_rows!(rr("其他处理", G6, Role::Result););

/// 表四 rows (front-matter keys) and their place in the official one-row table.
pub const REVIEW_ROWS: [&str; 3] = ["行政复议", "未经复议直接起诉", "复议后起诉"];
/// 表四 columns within each block.
pub const REVIEW_COLS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// The Markdown body's headings (一、五、六 are narrative; 二–四 are the tables).
pub const HEADINGS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

/// A 表二 value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    Int(i64),
    Dec(f64),
}

impl Num {
    pub fn zero(kind: ValKind) -> Num {
        match kind {
            ValKind::Amount => Num::Dec(0.0),
            _ => Num::Int(0),
        }
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Num::Int(n) => write!(f, "{n}"),
            Num::Dec(x) => write!(f, "{x}"),
        }
    }
}

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Num::Int(n) => s.serialize_i64(*n),
            // Whole amounts print as integers, so `3265` stays `3265` and never `3265.0`.
            Num::Dec(x) if x.fract() == 0.0 && x.abs() < 1e15 => s.serialize_i64(*x as i64),
            Num::Dec(x) => s.serialize_f64(*x),
        }
    }
}

/// A report's figures as written (missing rows and cells are 0), with the line of each row.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnualReport {
    /// The year reported on.
    pub year: i32,
    pub format: Format,
    /// Line of `report:`.
    pub line: usize,
    /// 表二, in `format.active_rows()` order: one value per column of the row's group.
    pub active: Vec<Vec<Num>>,
    /// Line of each 表二 row, or `None` when not written.
    pub active_lines: Vec<Option<usize>>,
    /// 表三, in `format.requests()` order.
    pub requests: Vec<[i64; 7]>,
    pub request_lines: Vec<Option<usize>>,
    /// 表四, in [`REVIEW_ROWS`] order.
    pub review: [[i64; 5]; 3],
    pub review_lines: [Option<usize>; 3],
}

impl AnnualReport {
    /// An all-zero report on `year`.
    pub fn empty(year: i32, line: usize) -> AnnualReport {
        let format = Format::for_year(year);
        let active = format
            .active_rows()
            .map(|(g, _)| g.cols.iter().map(|c| Num::zero(c.kind)).collect())
            .collect::<Vec<Vec<Num>>>();
        let n_req = format.requests().len();
        AnnualReport {
            year,
            format,
            line,
            active_lines: vec![None; active.len()],
            active,
            requests: vec![[0; 7]; n_req],
            request_lines: vec![None; n_req],
            review: [[0; 5]; 3],
            review_lines: [None; 3],
        }
    }

    /// Index of 表二 row `name` in this report's format.
    pub fn active_row(&self, name: &str) -> Option<usize> {
        self.format.active_rows().position(|(_, r)| r == name)
    }

    /// 表三 row by key (zeros for an unknown key).
    pub fn request(&self, key: &str) -> [i64; 7] {
        self.format
            .request_row(key)
            .map(|i| self.requests[i])
            .unwrap_or([0; 7])
    }

    /// Line of 表三 row `key`, else of `report:`.
    pub fn request_line(&self, key: &str) -> usize {
        self.format
            .request_row(key)
            .and_then(|i| self.request_lines[i])
            .unwrap_or(self.line)
    }
}

/// Match a row or column name as editors write it: quote marks, spaces and the full-width
/// slash do not matter (“三安全一稳定” = "三安全一稳定" = 三安全一稳定).
pub fn norm_key(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '“' | '”' | '"' | '\'' | '‘' | '’' | '「' | '」' | '『' | '』'
                )
        })
        .map(|c| if c == '／' { '/' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_counts_match_the_formats() {
        // 30号: 予以公开, 部分公开, 不予公开 ×8, 无法提供 ×3, 不予处理 ×5, 其他处理 ×3 = 21 results.
        let results = |f: Format| {
            f.requests()
                .iter()
                .filter(|r| r.role == Role::Result)
                .count()
        };
        assert_eq!(results(Format::F2021), 21);
        assert_eq!(results(Format::F2019), 19);
        assert_eq!(Format::F2021.active_rows().count(), 6);
        assert_eq!(Format::F2019.active_rows().count(), 8);
        assert_eq!(Format::for_year(2020), Format::F2019);
        assert_eq!(Format::for_year(2021), Format::F2021);
    }

    #[test]
    fn keys_ignore_quote_marks() {
        assert_eq!(
            norm_key("不予公开/ 危及\"三安全一稳定\""),
            norm_key("不予公开/危及“三安全一稳定”")
        );
    }
}
