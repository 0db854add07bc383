#!/usr/bin/env python3
"""Generate a synthetic mirror of an old 政府信息公开 column for `gongkai import` benchmarks.

    scripts/gen-mirror.py --pages 20000 --out /dev/shm/mirror-20000 [--seed 1]

Writes OUT/mirror/ (a `wget --mirror`-style folder per host) and OUT/site/ (site.yaml +
import.yaml + empty content/). Half the columns look like TRS/海云 (GBK pages declared gb2312,
`tYYYYMMDD_ID.html`, `index.html` + `index_N.html` lists, metadata table), half like 大汉
Hanweb (UTF-8, `/col/colN/` lists whose rows are XML records, `/art/Y/M/D/art_N_ID.html`,
spans metadata, ArticleTitle/PubDate meta tags). About 5 % of pages carry a PDF attachment,
3 % are cross-posted duplicates and 5 % are 解读 pages linking their document. Pages carry
realistic navigation boilerplate (~15 KB each). Standard library only.
"""
import argparse, os, random

TEXT = ("2021年是实施“十四五”规划、开启全面建设社会主义现代化国家新征程的第一年。做好政务公开工作，"
        "要坚持以人民为中心，不断拓展公开的广度和深度，充分发挥政务公开在建设服务政府、法治政府、"
        "效能政府、廉洁政府等方面的促进作用。主动公开本地区规划和专项规划，做好历史规划的归集整理。")
WORDS = ["关于", "做好", "进一步", "加强", "规范", "开展", "印发", "实施", "工作", "管理", "通知",
         "意见", "方案", "办法", "政务公开", "安全生产", "乡村振兴", "营商环境", "社会保障", "教育"]
NAV = "".join(f'<li><a href="/xxgk/nav{i}/">栏目导航{i}</a></li>' for i in range(120))
FOOT = "<div class=\"footer\">" + "主办单位：罗庄区人民政府办公室 地址：罗庄区沂河路 " * 20 + "</div>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COLS = 20


def title(r):
    return "罗庄区人民政府办公室" + "".join(r.choice(WORDS) for _ in range(4)) + "的通知"


def body(r):
    return "".join(f"<p style=\"text-indent:2em\">{TEXT[r.randrange(20):]}</p>" for _ in range(r.randint(4, 12)))


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=20000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    r = random.Random(a.seed)
    host = os.path.join(a.out, "mirror", "www.bench.gov.cn")
    rows = {c: [] for c in range(COLS)}
    docs = []  # (col, path, title, date, ix)
    for i in range(a.pages):
        c = i % COLS
        y, m, d = 2016 + r.randrange(6), r.randint(1, 12), r.randint(1, 28)
        pid = 100000 + i
        if c % 2 == 0:
            rel = f"xxgk/col{c}/{y}{m:02d}/t{y}{m:02d}{d:02d}_{pid}.html"
        else:
            rel = f"art/{y}/{m}/{d}/art_{c}_{pid}.html"
        docs.append((c, rel, title(r), f"{y}-{m:02d}-{d:02d}", f"11371311004263412X/{y}-{pid:05d}"))
    for i, (c, rel, t, date, ix) in enumerate(docs):
        trs = c % 2 == 0
        extra = ""
        if i % 20 == 7:  # attachment
            pdf = rel.rsplit("/", 1)[0] + f"/P0{i}.pdf"
            write(os.path.join(host, pdf), PDF)
            extra = f'<div class="fj">附件：<a href="/{pdf}">附件{i}.pdf</a></div>'
        if i % 33 == 5 and i + 1 < len(docs):  # duplicate: the next page repeats this one's 索引号
            c2, rel2, _, _, _ = docs[i + 1]
            docs[i + 1] = (c2, rel2, t, date, ix)
        if i % 20 == 11 and i > 0:  # 解读 of the previous page
            t = "《" + docs[i - 1][2] + "》政策解读"
            extra += f'<div class="ywlj">原文链接：<a href="/{docs[i - 1][1]}">{docs[i - 1][2]}</a></div>'
        if trs:
            meta = (f"<table class=\"xxgk\"><tr><td>索&nbsp;引&nbsp;号：</td><td>{ix}</td><td>主题分类：</td><td>综合政务、政务公开</td></tr>"
                    f"<tr><td>发布机构：</td><td>区府办</td><td>成文日期：</td><td>{date}</td></tr>"
                    f"<tr><td>文　　号：</td><td>罗政办字〔{date[:4]}〕{i + 1}号</td><td>发布日期：</td><td>{date}</td></tr></table>")
            html = (f"<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
                    f"<title>{t}</title></head><body><ul class=\"nav\">{NAV}</ul>"
                    f"<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/xxgk/col{c}/\">栏目{c}</a></div>"
                    f"{meta}<h1 class=\"title\">{t}</h1><div class=\"TRS_Editor\">{body(r)}</div>{extra}{FOOT}</body></html>")
            data = html.encode("gb18030")
        else:
            meta = (f"<div class=\"info\"><span>索引号：{ix}</span>&nbsp;<span>发布机构：罗庄区人民政府办公室</span>&nbsp;"
                    f"<span>成文日期：{date}</span></div>")
            html = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"ColumnName\" content=\"栏目{c}\">"
                    f"<meta name=\"ArticleTitle\" content=\"{t}\"><meta name=\"PubDate\" content=\"{date} 09:00\">"
                    f"<title>{t}</title></head><body><ul class=\"nav\">{NAV}</ul>{meta}"
                    f"<div id=\"zoom\">{body(r)}</div>{extra}{FOOT}</body></html>")
            data = html.encode("utf-8")
        write(os.path.join(host, rel), data)
        rows[c].append((rel, t, date))
    for c in range(COLS):
        if c % 2 == 0:
            per = 20
            chunks = [rows[c][k:k + per] for k in range(0, len(rows[c]), per)] or [[]]
            for n, chunk in enumerate(chunks):
                lis = "".join(f'<li><a href="/{rel}">{t}</a><span>{d}</span></li>' for rel, t, d in chunk)
                name = "index.html" if n == 0 else f"index_{n}.html"
                html = (f"<!DOCTYPE html><html><head><meta charset=\"gb2312\"><meta name=\"ColumnName\" content=\"栏目{c}\">"
                        f"<title>栏目{c}</title></head><body><ul class=\"nav\">{NAV}</ul><ul class=\"list\">{lis}</ul>{FOOT}</body></html>")
                write(os.path.join(host, f"xxgk/col{c}/{name}"), html.encode("gb18030"))
        else:
            recs = "".join(f'<record><![CDATA[<li><a href="/{rel}">{t}</a><span>{d}</span></li>]]></record>' for rel, t, d in rows[c])
            html = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"ColumnName\" content=\"栏目{c}\"><title>栏目{c}</title></head>"
                    f"<body><script type=\"text/xml\"><datastore><recordset>{recs}</recordset></datastore></script></body></html>")
            write(os.path.join(host, f"col/col{c}/index.html"), html.encode("utf-8"))
    write(os.path.join(host, "css/style.css"), b"body{}")
    site = os.path.join(a.out, "site")
    cols = "".join(f"  - path: c{c}\n    title: 栏目{c}\n    freshness: none\n" for c in range(COLS))
    write(os.path.join(site, "site.yaml"), (
        "title: 罗庄区人民政府 政府信息公开\nbase_url: https://www.example.gov.cn/xxgk/\n"
        "organization: 罗庄区人民政府办公室\nunits:\n  - name: 罗庄区人民政府办公室\n    aliases: [区府办]\n"
        f"columns:\n{cols}").encode())
    imap = "".join(f"  栏目{c}: c{c}\n" for c in range(COLS))
    write(os.path.join(site, "import.yaml"), f"columns:\n{imap}".encode())
    os.makedirs(os.path.join(site, "content"), exist_ok=True)


if __name__ == "__main__":
    main()
