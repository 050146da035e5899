/* risk/rules.c - the rule catalogue: id, default severity and weight, and
 * the text docs/rules.md is generated from.  Weights are defaults; every
 * one is a setting (rule.<id>.weight, rule.<id>.enabled). */
#include "core/common.h"
#include "vetter/rules.h"

/* Sources cited below. */
#define SRC_ADVISORY                                                                                        \
  "FBI, State and Treasury, \"Guidance on the Democratic People's Republic of Korea Information Technology " \
  "Workers\" (16 May 2022)"
#define SRC_FBI_2025 "FBI public service announcements on North Korean IT workers (I-101823-PSA, I-012325-PSA)"
#define SRC_OFAC "OFAC SDN list: DPRK designations (Yanbian Silverstar 2018, Chinyong 2023, Korea Sobaeksu 2025)"
#define SRC_ICAO "ICAO Doc 9303, Machine Readable Travel Documents, parts 3-7 (check digits, field formats)"

static const struct vet_rule_def rules[VET_RULE_COUNT] = {
    [VET_RULE_SANCTIONS_IDENTIFIER] =
        {"sanctions.identifier", VET_SEV_CRITICAL, 1.0, "an identifier equals one of a listed entity",
         "An email address, phone number, website domain, crypto address or document number of the subject is "
         "exactly an identifier a sanctions list gives for a listed person or company. Identifiers are precise, "
         "so this decides the case on its own.",
         "emails, phones, links.website, payouts[].address, payouts[].account, documents[].number",
         SRC_OFAC " (e-mail addresses and 'Digital Currency Address' entries in the remarks); " SRC_ADVISORY},
    [VET_RULE_SANCTIONS_NAME] =
        {"sanctions.name", VET_SEV_HIGH, 0.70, "the subject's name matches a listed name",
         "The profile name, display name, an alias or a name on a document matches a name on a sanctions list "
         "(screening engine, docs/matching.md). The weight scales with the match score, times "
         "check.name_only_factor when neither a birth date nor a country confirms the name (a common name "
         "matches listed people by name alone) or check.country_only_factor when only the country does; a match scoring at least check.sanctions_critical_score with an "
         "exactly matching birth date is critical. All hits on one listed entry, through any fields, are one "
         "finding (an SDN entry and its copy on the Consolidated Screening List count as one entry; the same "
         "person on the UN and UK lists are separate entries).",
         "name, display_name, aliases, documents[].name, documents[].mrz, birth_date, nationality",
         SRC_OFAC "; UN Security Council 1718 Committee list; UK OFSI consolidated list"},
    [VET_RULE_SANCTIONS_PAYOUT_HOLDER] =
        {"sanctions.payout_holder", VET_SEV_HIGH, 0.70, "a payout account holder matches a listed name",
         "The holder of a bank, PayPal, Payoneer, Wise or crypto payout matches a listed person or company: the "
         "money would go to a sanctioned party or a facilitator.",
         "payouts[].holder", SRC_ADVISORY " (payments routed through facilitators and front companies); " SRC_OFAC},
    [VET_RULE_SANCTIONS_EMPLOYER] =
        {"sanctions.employer", VET_SEV_HIGH, 0.70, "the employer matches a listed company",
         "The employer or agency named in the profile matches a listed company, such as the front companies "
         "OFAC designated for employing DPRK IT workers.",
         "employer", SRC_OFAC},
    [VET_RULE_DOCUMENT_MRZ_INVALID] =
        {"document.mrz_invalid", VET_SEV_HIGH, 0.45, "the machine-readable zone is malformed",
         "A check digit of the MRZ fails, or a field has an impossible value (date, sex, format). Genuine "
         "documents are printed with correct check digits; failures point to a forged or hand-edited document "
         "(or a bad transcription, which the analyst can see in the evidence).",
         "documents[].mrz", SRC_ICAO "; " SRC_ADVISORY " (forged and altered identity documents)"},
    [VET_RULE_DOCUMENT_MRZ_MISMATCH] =
        {"document.mrz_mismatch", VET_SEV_HIGH, 0.45, "the MRZ disagrees with the document's own fields",
         "The document number, name, birth date, nationality, sex or expiry date read from the MRZ differs from "
         "the same field on the document (as extracted by the KYC provider): one of the two was altered.",
         "documents[].mrz with documents[].number, name, birth_date, nationality, sex, expiry_date",
         SRC_ICAO "; " SRC_ADVISORY},
    [VET_RULE_DOCUMENT_EXPIRED] =
        {"document.expired", VET_SEV_LOW, 0.10, "an identity document has expired",
         "The document's expiry date (from its fields or its MRZ) is in the past, beyond "
         "check.expiry_grace_days. Weak on its own: honest people upload old documents too.",
         "documents[].expiry_date, documents[].mrz", SRC_ICAO},
    [VET_RULE_DOCUMENT_NUMBER_REUSED] =
        {"document.number_reused", VET_SEV_HIGH, 0.55, "the same document number belongs to another subject",
         "Another subject of the same input has a document with the same number (and issuing country, when both "
         "give one). One identity used by several accounts is how rented and stolen identities show.",
         "documents[].number, documents[].mrz, documents[].issuing_country",
         SRC_ADVISORY " (stolen and borrowed identities); " SRC_FBI_2025},
    [VET_RULE_IDENTITY_NAME_MISMATCH] =
        {"identity.name_mismatch", VET_SEV_HIGH, 0.40, "the document names someone else",
         "The name on a document (its fields or MRZ) does not refer to the same person as the profile name: the "
         "score of the name matcher (transliteration and word order allowed) is below check.same_person_score.",
         "name, aliases, documents[].name, documents[].mrz", SRC_ADVISORY},
    [VET_RULE_IDENTITY_BIRTH_DATE_MISMATCH] =
        {"identity.birth_date_mismatch", VET_SEV_MEDIUM, 0.30, "the document gives another birth date",
         "The profile's birth date and a document's (fields or MRZ) disagree.",
         "birth_date, documents[].birth_date, documents[].mrz", SRC_ADVISORY},
    [VET_RULE_IDENTITY_COUNTRY_MISMATCH] =
        {"identity.country_mismatch", VET_SEV_MEDIUM, 0.35, "the subject's countries disagree",
         "Countries of the claimed residence, nationality, phone numbers, documents, payout accounts and "
         "addresses disagree. Each disagreeing pair counts with its own weight (check.pair_* settings: a payout "
         "account abroad says more than a foreign passport), and more when the other country is an elevated-risk "
         "one (check.countries_elevated).",
         "country, nationality, phones, documents[].issuing_country, documents[].nationality, payouts[].country, "
         "addresses[].country",
         SRC_ADVISORY " (claims of US or other non-DPRK residence; payment accounts abroad)"},
    [VET_RULE_IDENTITY_SANCTIONED_COUNTRY] =
        {"identity.sanctioned_country", VET_SEV_HIGH, 0.60, "a tie to a comprehensively sanctioned country",
         "A nationality, residence, document, phone number, payout account or address of the subject belongs to "
         "a country under comprehensive sanctions (check.countries_sanctioned, default KP).",
         "country, nationality, phones, documents[], payouts[].country, addresses[].country",
         SRC_ADVISORY "; OFAC North Korea Sanctions Regulations, 31 CFR part 510"},
    [VET_RULE_PHONE_INVALID] =
        {"phone.invalid", VET_SEV_LOW, 0.10, "a phone number is not a valid number",
         "libphonenumber cannot parse the number or its country's numbering plan has no such number.",
         "phones (country as the default region)", "libphonenumber numbering-plan metadata"},
    [VET_RULE_PHONE_VIRTUAL] =
        {"phone.virtual", VET_SEV_MEDIUM, 0.25, "a phone number is VoIP or otherwise virtual",
         "The number is VoIP, a personal (follow-me) number, a pager or a universal access number: not tied to "
         "a line or a place, and bought online in minutes.",
         "phones", SRC_ADVISORY " (VoIP numbers used for accounts); libphonenumber line-type metadata"},
    [VET_RULE_EMAIL_INVALID] =
        {"email.invalid", VET_SEV_LOW, 0.10, "an email address is malformed", "The address does not parse.",
         "emails", "RFC 5321/5322 address syntax"},
    [VET_RULE_EMAIL_DISPOSABLE] =
        {"email.disposable", VET_SEV_MEDIUM, 0.30, "an email address is at a disposable-mail domain",
         "The domain (or a parent domain) is on the list of throw-away mail services (data/email).", "emails",
         "npm package disposable-email-domains-js (data/email/SOURCES.md)"},
    [VET_RULE_EMAIL_FREE_PROVIDER] =
        {"email.free_provider", VET_SEV_INFO, 0.0, "an email address is at a free-mail provider",
         "Information only (weight 0 by default): most honest freelancers use free mail too.", "emails",
         "free-mail domain list (data/email/SOURCES.md)"},
    [VET_RULE_EMAIL_NAME_UNRELATED] =
        {"email.name_unrelated", VET_SEV_LOW, 0.10, "no email address relates to the person's name",
         "None of the subject's email local parts contains the name's words, initials or their joins (score "
         "below check.email_name_min). Weak: many people use nicknames.",
         "emails, name", SRC_ADVISORY " (accounts created in batches under other names)"},
    [VET_RULE_PAYOUT_CRYPTO] =
        {"payout.crypto", VET_SEV_MEDIUM, 0.20, "pay is requested in crypto",
         "A payout method is a crypto wallet (or the currency is a crypto asset).",
         "payouts[].kind, payouts[].currency, payouts[].address",
         SRC_ADVISORY " (requests for payment in virtual currency)"},
    [VET_RULE_PAYOUT_THIRD_PARTY] =
        {"payout.third_party", VET_SEV_MEDIUM, 0.35, "a payout account is in another person's name",
         "The holder of a payout account is not the subject (name matcher score below "
         "check.same_person_score against every name of the subject). Weighted by check.family_holder_factor "
         "when the holder shares the subject's surname.",
         "payouts[].holder, name, aliases, documents[].name",
         SRC_ADVISORY " (payment to accounts of facilitators and third parties)"},
    [VET_RULE_PAYOUT_HIGH_RISK_COUNTRY] =
        {"payout.high_risk_country", VET_SEV_HIGH, 0.45, "a payout account is in an elevated-risk country",
         "A payout account is in a country of check.countries_elevated (China, Russia and others DPRK IT workers "
         "are reported to work from) while the subject claims to live elsewhere; times check.home_country_factor when that country is the "
         "subject's own nationality (an expatriate's home bank).",
         "payouts[].country, country",
         SRC_ADVISORY " (workers located mainly in China and Russia); UN Panel of Experts reports on the DPRK"},
    [VET_RULE_BEHAVIOUR_REMOTE_ACCESS] =
        {"behaviour.remote_access", VET_SEV_MEDIUM, 0.30, "the account is worked through remote-access tools",
         "A share of at least check.remote_share of the subject's sessions (events reporting their remote tools) "
         "ran a remote-access tool: AnyDesk, TeamViewer, RDP, Chrome Remote Desktop, RustDesk, VNC and the like. "
         "Workers abroad drive laptops kept at a US \"laptop farm\" this way; honest remote support is occasional.",
         "events[].remote_tools",
         SRC_ADVISORY "; " SRC_FBI_2025 "; US DOJ laptop-farm indictments (2024-2025)"},
    [VET_RULE_BEHAVIOUR_KVM_DEVICE] =
        {"behaviour.kvm_device", VET_SEV_HIGH, 0.50, "a KVM-over-IP device is attached",
         "A session reports a USB device that is KVM-over-IP hardware (PiKVM, TinyPilot, JetKVM, GL.iNet Comet, "
         "BliKVM, Lantronix Spider), which lets someone elsewhere drive the laptop as if at its keyboard.",
         "events[].usb_devices",
         SRC_FBI_2025 "; US DOJ laptop-farm cases (KVM devices found at facilitators' homes, 2024-2025)"},
    [VET_RULE_BEHAVIOUR_VIRTUAL_MACHINE] =
        {"behaviour.virtual_machine", VET_SEV_LOW, 0.15, "the sessions run in a virtual machine",
         "A share of at least check.vm_share of the sessions that say so ran in a virtual machine. Weak: "
         "developers use VMs; it adds to other signals.",
         "events[].vm", SRC_ADVISORY},
    [VET_RULE_BEHAVIOUR_ROUND_THE_CLOCK] =
        {"behaviour.round_the_clock", VET_SEV_MEDIUM, 0.30, "the account is worked round the clock",
         "On more than check.round_the_clock_days days the subject's activity spans check.round_the_clock_hours "
         "hours or more (first to last event of a UTC day): one account worked in shifts by several people.",
         "events[].ts", SRC_ADVISORY " (several workers sharing one account)"},
    [VET_RULE_BEHAVIOUR_TIMEZONE_MISMATCH] =
        {"behaviour.timezone_mismatch", VET_SEV_MEDIUM, 0.35, "the browser's time zone is not the claimed one",
         "In at least check.tz_mismatch_share of the sessions that report it, the browser's UTC offset "
         "(tz_offset_min, or tz_name at that instant) differs from the offset of the time zone the subject claims "
         "(timezone, an IANA name, at the same instant, so daylight saving time is no false alarm; differences up to check.tz_tolerance_min are ignored, since "
         "ICU's copy of the tz database can be older than the browser's). A traveller's few sessions abroad stay "
         "below the share. The comparison with the IP address's country needs IP data "
         "and is not made yet.",
         "timezone, events[].tz_offset_min, events[].tz_name, events[].ts",
         SRC_ADVISORY "; Mandiant and Red Canary reports on DPRK IT workers (browsers set to Asia/Shanghai or "
         "Asia/Pyongyang while claiming US residence)"},
    [VET_RULE_LOCATION_ANONYMIZER] =
        {"location.anonymizer", VET_SEV_MEDIUM, 0.35, "the subject logs in through VPNs, hosting networks or Tor",
         "At least check.anonymizer_share of the sessions whose IP address Vetter can place (at least "
         "check.ip_min_sessions of them) came through a commercial VPN, a hosting or datacenter network, or a Tor "
         "exit (vetter ip: flags vpn, hosting, tor); the evidence names the providers (Astrill "
         "VPN above all in the incident reports). Many honest people use a VPN now and then; most of their "
         "sessions do not.",
         "events[].ip",
         SRC_ADVISORY "; " SRC_FBI_2025 "; Mandiant / Google Cloud (2024) and Red Canary and LevelBlue (2024-2025) "
         "reports on DPRK IT workers (Astrill VPN)"},
    [VET_RULE_LOCATION_DPRK_NETWORK] =
        {"location.dprk_network", VET_SEV_CRITICAL, 1.0, "a login came from North Korean address space",
         "A session's IP address is in North Korea's address space (AS131279 Ryugyong-dong, 175.45.176.0/22 and the "
         "other ranges of the IP data) or placed in KP. There are almost no internet users there outside the state: "
         "this decides the case on its own.",
         "events[].ip",
         SRC_ADVISORY "; Recorded Future, \"North Korea's Ruling Elite Are Not Isolated\" (2017) on DPRK address "
         "space"},
    [VET_RULE_LOCATION_HIGH_RISK_NETWORK] =
        {"location.high_risk_network", VET_SEV_HIGH, 0.45, "logins come from Chinese or Russian networks",
         "At least check.high_risk_network_share of the located sessions came from networks in a "
         "check.countries_elevated country (China, Russia and others DPRK IT workers are reported to work from) "
         "while the subject claims to live in a country outside that list.",
         "events[].ip, country",
         SRC_ADVISORY " (workers located mainly in China and Russia); " SRC_FBI_2025},
    [VET_RULE_LOCATION_COUNTRY_MISMATCH] =
        {"location.country_mismatch", VET_SEV_MEDIUM, 0.30, "logins persistently come from another country",
         "At least check.ip_country_share of the located sessions that are not anonymised (VPN, hosting and Tor "
         "count for location.anonymizer instead) came from a country other than the claimed residence, over at "
         "least check.ip_min_sessions sessions: a persistent pattern, not one login on holiday.",
         "events[].ip, country",
         SRC_ADVISORY "; " SRC_FBI_2025},
    [VET_RULE_LOCATION_IMPOSSIBLE_TRAVEL] =
        {"location.impossible_travel", VET_SEV_MEDIUM, 0.30, "consecutive logins are too far apart for the time",
         "At least check.travel_min_hops times, two consecutive located, not anonymised sessions are at least "
         "check.travel_min_km apart, and covering the distance in the time between them needs more than "
         "check.travel_max_kmh. Distances are great-circle distances between city coordinates when an mmdb gives "
         "them (less both radii of uncertainty), else between country centroids (data/country/centroids.tsv, from "
         "world-countries), so they are approximate. Without city coordinates only sessions in different countries "
         "are compared; with them, also two cities of one country (Los Angeles and New York). Several people using "
         "one account from different places.",
         "events[].ip, events[].ts",
         SRC_ADVISORY " (accounts shared by several workers); " SRC_FBI_2025},
    [VET_RULE_BEHAVIOUR_LANGUAGE_MISMATCH] =
        {"behaviour.language_mismatch", VET_SEV_LOW, 0.15, "Korean or Chinese language settings from elsewhere",
         "In at least check.language_share of the sessions reporting languages, the browser's first language is "
         "Korean (ko) or Chinese (zh), while the subject claims to live in a country where neither is commonly "
         "spoken (Korean: KR, KP; Chinese: CN, TW, HK, MO, SG, MY). When only the profile's own languages say so, "
         "the strength is check.language_profile_factor. Weak: heritage speakers and language learners exist; it "
         "adds to other signals.",
         "events[].languages, languages, country",
         SRC_ADVISORY "; Mandiant / Google Cloud and Red Canary reports on DPRK IT workers (Korean and Chinese "
         "system settings)"},
    [VET_RULE_BEHAVIOUR_ACTIVITY_RHYTHM] =
        {"behaviour.activity_rhythm", VET_SEV_MEDIUM, 0.30, "the subject works the hours of another time zone",
         "From the event timestamps alone (at least check.rhythm_min_events), the hour-of-day histogram is fitted "
         "against a template of a working day and a night under each of the 48 half-hour UTC offsets (multinomial "
         "log-likelihood). Reported when the best offset is check.rhythm_min_shift_h hours or more from the claimed "
         "zone's offset (at each event's instant, daylight saving time included) and the fit under it beats the "
         "claimed offset by at least check.rhythm_min_llr nats per event (the confidence). A shift below "
         "check.rhythm_sure_shift_h hours also needs check.rhythm_night_share of the events in the claimed zone's "
         "night (01:00-06:00): a night owl a few hours late still sleeps then. Full strength when the "
         "inferred offset is UTC+8 to UTC+9 (China, the Koreas), else check.rhythm_other_factor. Offsets are "
         "given in (-12, +12] (UTC+13 reads as UTC-11). Someone working night shifts by choice looks the same.",
         "events[].ts, timezone",
         SRC_ADVISORY "; " SRC_FBI_2025 "; Mandiant / Google Cloud (2024) on activity at Asian working hours"},
    [VET_RULE_BEHAVIOUR_ACCOUNT_TAKEOVER] =
        {"behaviour.account_takeover", VET_SEV_HIGH, 0.45, "an established account changed hands",
         "An account at least check.takeover_min_age_days old (created_at, else its first event) shows, within "
         "check.takeover_window_days of a payout change, a device id never seen before and an IP country never "
         "seen before: the account was rented out, sold or taken over. Needs IP data for the country.",
         "events[].device_id, events[].ip, events[].kind (payout_change), created_at",
         SRC_ADVISORY " (renting of accounts from real freelancers); " SRC_FBI_2025 "; US DOJ laptop-farm cases "
         "(2024-2025)"},
    [VET_RULE_LOCATION_LAPTOP_FARM] =
        {"location.laptop_farm", VET_SEV_HIGH, 0.50, "many accounts in one place: a laptop farm",
         "Within check.farm_window_days, at least check.farm_min_subjects subjects of the input log in from one "
         "residential IP address (not VPN, hosting, Tor or private; needs the IP table), or at least "
         "check.farm_device_min_subjects subjects use one device id. Full strength when remote-access tools, "
         "KVM-over-IP hardware or virtual machines were seen in the sessions there, or (for a device) when the "
         "subjects claim different places; check.farm_claims_factor when only their different claimed cities or "
         "countries betray a shared address; an address whose subjects all claim one place and show no remote "
         "tools (an office, a family) is not reported, nor one shared by more than check.farm_max_subjects (a "
         "carrier-grade NAT, a campus). The evidence names the address or device, the other subjects and the "
         "window. Facilitators in the US host laptops for several workers who drive them from abroad.",
         "events[].ip, events[].device_id, events[].ts, events[].remote_tools, events[].usb_devices, events[].vm, "
         "country, city",
         SRC_ADVISORY "; " SRC_FBI_2025 "; US DOJ laptop-farm cases (Chapman 2024-2025, Knoot 2024)"},
    [VET_RULE_LOCATION_TIMEZONE_VS_IP] =
        {"location.timezone_vs_ip", VET_SEV_MEDIUM, 0.30, "the browser's clock is not the address's country's",
         "At least check.ip_min_sessions located sessions that are not anonymised report a browser UTC offset "
         "(tz_offset_min), and a share of at least check.tz_mismatch_share of them keep an offset that none of the "
         "IP country's zones uses (standard or daylight saving time, within check.tz_tolerance_min; ICU's zones "
         "per country). A browser on UTC+08:00 behind a US home address is a residential proxy, or a machine "
         "abroad relaying through a US one. Needs the IP table; VPN, hosting and Tor sessions are left out "
         "(location.anonymizer reports them).",
         "events[].tz_offset_min, events[].ip",
         SRC_ADVISORY " (residential proxies and US-based IP addresses); " SRC_FBI_2025},
    [VET_RULE_RING_SHARED_PAYOUT] =
        {"ring.shared_payout", VET_SEV_HIGH, 0.55, "a payout account shared with other subjects: a facilitator",
         "The subject's payout account, crypto address, or third-party payout holder is also another subject's, "
         "with a strength (link.weight.payout, .crypto, .holder) reaching link.min_strength. Subjects who all "
         "share one surname (a family) are weakened by link.family_factor and, by default, do not reach it. "
         "Facilitators collect the pay of several workers on one account. The evidence names the account and the "
         "other subjects; `vetter rings` shows the whole group.",
         "payouts[].account, payouts[].address, payouts[].holder, name",
         SRC_ADVISORY "; " SRC_OFAC " (front companies receiving IT workers' pay)"},
    [VET_RULE_RING_REUSED_PHOTO] =
        {"ring.reused_photo", VET_SEV_HIGH, 0.45, "the same photo under another subject",
         "The profile photo or a document image of the subject has a perceptual hash within "
         "link.photo_max_distance bits of another subject's (photo_phash, documents[].image_phash; "
         "docs/linking.md): the same picture, resized or recompressed, under two identities.",
         "photo_phash, documents[].image_phash",
         SRC_ADVISORY " (stolen and altered photos); " SRC_FBI_2025 " (AI-altered profile photos)"},
    [VET_RULE_RING_DUPLICATE_TEXT] =
        {"ring.duplicate_text", VET_SEV_MEDIUM, 0.30, "the resume or bio of another subject",
         "The subject's resume or bio (link.text_min_words words or more) has an estimated Jaccard similarity of "
         "3-word shingles of at least link.text_min_jaccard with another subject's (MinHash with LSH, "
         "docs/linking.md). Texts shared by a crowd (boilerplate) are skipped.",
         "text.resume, text.bio",
         SRC_ADVISORY " (profiles copied between accounts)"},
    [VET_RULE_RING_SHARED_CONTACT] =
        {"ring.shared_contact", VET_SEV_MEDIUM, 0.35, "an email, phone or profile of another subject",
         "The subject's mailbox (canonical form), phone number (E.164), or GitHub/LinkedIn profile is also "
         "another subject's: one person behind several accounts, or accounts run by one team.",
         "emails, phones, links.github, links.linkedin",
         SRC_ADVISORY "; " SRC_FBI_2025},
    [VET_RULE_RING_REVIEW_COLLUSION] =
        {"ring.review_collusion", VET_SEV_HIGH, 0.50, "reviews from a client tied to the subject's group",
         "Reviews (events of kind review; counterpart is the client) that boost a group of linked accounts "
         "(subjects joined by shared identifiers, docs/linking.md). Either one client reviewed at least "
         "check.collusion_min_members distinct members of the subject's group, the subject included, within "
         "check.collusion_window_days (a client with more than check.collusion_max_reviews reviews in the input, "
         "a marketplace's or an agency's own account, is not judged this way); or the client is itself a subject "
         "of the input in the subject's group: the operators reviewing their own accounts. Full strength either "
         "way. A busy client reviewing many freelancers who share nothing is not a finding, nor is a family: "
         "its shared account does not link by default. The evidence names the client, the group, the reviews "
         "in the window with their times, and for a client that is a subject the identifiers its account "
         "shares with the subject's.",
         "events[].kind, events[].counterpart, events[].ts, and what links subjects (docs/linking.md)",
         SRC_ADVISORY " (red flags: several developer accounts rated highly by one client account in a short "
         "time; a fraudulent client account raising a developer's ratings through the same payment account)"},
    [VET_RULE_RING_HIGH_RISK_MEMBER] =
        {"ring.high_risk_member", VET_SEV_HIGH, 0.50, "linked to a subject that is high-risk on its own evidence",
         "Another member of the subject's group (subjects joined by shared identifiers, docs/linking.md) scores at "
         "least link.raise_min_score on its own evidence: its findings other than the ring.* ones (a sanctions "
         "hit, a forged document, a laptop farm). The strength is that member's own score / 100, so a sanctioned "
         "member raises the others the most. The evidence names the member, its own score and band and its "
         "strongest rules, and the group; the report's group object carries the group's risk.",
         "the group's members' findings",
         SRC_ADVISORY " (facilitators and the workers paid through them); " SRC_OFAC},
};

const char *vet_severity_name(enum vet_severity s)
{
  static const char *const n[] = {"info", "low", "medium", "high", "critical"};
  return (size_t)s < VET_COUNTOF(n) ? n[s] : "info";
}

const struct vet_rule_def *vet_rule_get(enum vet_rule r)
{
  return (size_t)r < VET_RULE_COUNT ? &rules[r] : NULL;
}

enum vet_rule vet_rule_find(const char *id, size_t len)
{
  for (int r = 0; r < VET_RULE_COUNT; r++)
    if (strlen(rules[r].id) == len && !memcmp(rules[r].id, id, len))
      return (enum vet_rule)r;
  return VET_RULE_COUNT;
}
