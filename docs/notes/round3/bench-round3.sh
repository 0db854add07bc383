#!/bin/bash
cd /work/main
G=/work/main/target/release/gongkai
Z=/work/zola-src/target/release/zola
echo "### start $(date -u) commit $(git rev-parse --short HEAD) load $(cat /proc/loadavg)"
echo "### A: 10k all tools"
python3 scripts/bench --gongkai $G --zola $Z --hugo /usr/bin/hugo --docs 10000 --runs 5 --cycle both --delta --breakdown --json /dev/shm/bA.json
echo "### B: 15 before (6834a86) vs after, gongkai only"
python3 scripts/bench --gongkai /work/team/gongkai-before-6834a86 --only gongkai --docs 10000 --runs 5 --cycle both --json /dev/shm/bB.json
echo "### C: 40 bodies"
python3 scripts/bench --gongkai $G --zola $Z --only gongkai,zola --bodies 40 --docs 10000 --runs 3 --cycle both --json /dev/shm/bC.json
echo "### D: preview"
python3 scripts/bench --gongkai $G --preview --docs 10000
echo "### E: 50k"
python3 scripts/bench --gongkai $G --zola $Z --only gongkai,zola --docs 50000 --runs 3 --cycle both --json /dev/shm/bE.json
echo "### F: pathological"
scripts/bench-pathological --gongkai $G --runs 1
echo "### end $(date -u) load $(cat /proc/loadavg)"
