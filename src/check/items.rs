//! The inspection items each check rule stands for, in the wording offices see on the
//! score sheets, so every finding says which item it is and where the rule comes from.
//!
//! Sources (looked up; quoted, not paraphrased, where marked "原文"):
//! - 《政府网站与政务新媒体检查指标》, issued by 国务院办公厅秘书局 with
//!   国办秘函〔2019〕19号. 单项否决指标 "栏目不更新", 原文: "1.监测时间点前2周内的动态、
//!   要闻类栏目，以及监测时间点前6个月内的通知公告、政策文件类栏目，累计超过(含)5个未更新。
//!   2.应更新但长期未更新的栏目数量超过(含)10个。3.空白栏目数量超过(含)5个。" 扣分指标
//!   "网站可用性—链接可用性", 考察点原文: "首页及其他页面不能正常访问的链接数量"
//!   (as reproduced on provincial and municipal self-inspection sheets, e.g. 南宁市
//!   wsb.nanning.gov.cn/xxgk/zwdt/tzgg/t206701.html). The one-year figure for 规划计划
//!   columns is not in that text: the criteria only list 规划计划 among the columns that
//!   "应更新但长期未更新"; gongkai uses 1 year for them (DOMAIN.md).
//! - 《中华人民共和国政府信息公开条例》(国务院令第711号) 第二十六条: 20 working days.
//! - 政策解读"三同步", 规范性文件 and 政策性文件 清理 and 集中统一公开: the yearly 政务公开
//!   工作要点 (seed: 《2021年罗庄区政务公开工作要点》, 罗政办字〔2021〕20号, 二(二) and 四(一)).
//! - 《重大行政决策程序暂行条例》(国务院令第713号).
//! - GB/T 9704-2012《党政机关公文格式》7.2.4 发文字号.

/// An inspection item in both languages; messages pick one with [`Item::text`].
#[derive(Debug, Clone, Copy)]
pub struct Item {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Item {
    /// The item in the current message language.
    pub fn text(self) -> &'static str {
        crate::i18n::pick(self.zh, self.en)
    }
}

/// 单项否决指标 "栏目不更新", first clause: news columns, 2 weeks.
pub const STALE_NEWS: Item = Item {
    zh: "《政府网站与政务新媒体检查指标》单项否决指标“栏目不更新”：监测时间点前2周内的动态、要闻类栏目未更新",
    en: "Checklist for government websites (政府网站与政务新媒体检查指标), veto item “columns not updated”: news columns not updated within 2 weeks before the inspection date",
};
/// Same item, policy/notice columns, 6 months.
pub const STALE_POLICY: Item = Item {
    zh: "《政府网站与政务新媒体检查指标》单项否决指标“栏目不更新”：监测时间点前6个月内的通知公告、政策文件类栏目未更新",
    en: "Checklist for government websites (政府网站与政务新媒体检查指标), veto item “columns not updated”: notice and policy-document columns not updated within 6 months before the inspection date",
};
/// Same item, second clause; gongkai counts 1 year for 规划计划 columns.
pub const STALE_PLANNING: Item = Item {
    zh: "《政府网站与政务新媒体检查指标》单项否决指标“栏目不更新”：应更新但长期未更新的栏目（规划计划类按1年计）",
    en: "Checklist for government websites (政府网站与政务新媒体检查指标), veto item “columns not updated”: columns that should be updated but have not been for a long time (planning columns: 1 year)",
};
/// Same item, third clause.
pub const EMPTY_COLUMN: Item = Item {
    zh: "《政府网站与政务新媒体检查指标》单项否决指标“栏目不更新”：空白栏目（超过(含)5个即单项否决）",
    en: "Checklist for government websites (政府网站与政务新媒体检查指标), veto item “columns not updated”: empty columns (5 or more = veto)",
};
/// 扣分指标 网站可用性—链接可用性.
pub const BROKEN_LINK: Item = Item {
    zh: "《政府网站与政务新媒体检查指标》扣分指标“网站可用性—链接可用性”：不能正常访问的链接",
    en: "Checklist for government websites (政府网站与政务新媒体检查指标), deduction item “availability — links”: links that cannot be opened",
};
/// 条例第二十六条.
pub const ART_26: Item = Item {
    zh: "《政府信息公开条例》第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开",
    en: "Regulations on Open Government Information, art. 26: proactive information is published within 20 working days of being made or changed",
};
/// 政策解读三同步.
pub const THREE_SYNC: Item = Item {
    zh: "政务公开工作要点“政策解读三同步”：行政规范性文件、重要政策文件、有关工作年度报告等均应同步解读",
    en: "work points “three-synchronous policy interpretation”: normative documents, important policy documents and annual reports are interpreted and published together",
};
/// 规范性文件集中统一公开 (validity labels).
pub const NORMATIVE_PUBLIC: Item = Item {
    zh: "政务公开工作要点“规章、行政规范性文件、政策性文件集中统一公开”：逐件标注有效性",
    en: "work points “central, unified publication of rules, normative and policy documents”: each document labelled with its validity",
};
/// 规范性文件清理.
pub const CLEANUP: Item = Item {
    zh: "政务公开工作要点“系统清理本机关行政规范性文件、政策性文件（2016年以后制定的）”",
    en: "work points “systematic cleanup of normative and policy documents made since 2016”",
};
/// 登记号 and 施行日期 in the 集中统一公开 index. (The national "统一登记、统一编号、统一印发"
/// text, 国办发〔2018〕37号, could not be found with the search tool, so it is not quoted.)
pub const REGISTRATION: Item = Item {
    zh: "规范性文件集中统一公开：目录逐件列明登记号、施行日期和有效性（本站 `rules.registration_since` 起制定的文件适用）",
    en: "central publication of normative documents: the index lists each document's registration number, effective date and validity (documents made on/after `rules.registration_since`)",
};
/// 重大行政决策.
pub const DECISION: Item = Item {
    zh: "《重大行政决策程序暂行条例》（国务院令第713号）：重大行政决策事项目录逐项公开决策草案、制订背景、意见征集采纳情况、会议审议情况和决策结果",
    en: "Interim Regulations on Major Administrative Decision Procedures (State Council Decree 713): the catalog links each decision's draft, background, consultation, review and result",
};
/// 发文字号.
pub const DOC_NUMBER: Item = Item {
    zh: "GB/T 9704-2012《党政机关公文格式》7.2.4 发文字号：由发文机关代字、年份、发文顺序号组成，年份用六角括号〔〕",
    en: "GB/T 9704-2012 §7.2.4 document number: issuer code, year in 〔〕 brackets, sequence number",
};
