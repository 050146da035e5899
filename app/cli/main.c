/* cli/main.c - `vetter`: dispatch to the subcommands. */
#include "cli.h"

static const char usage[] =
    "vetter " VET_VERSION " - screen freelance and remote IT workers for sanctions exposure\n"
    "\n"
    "usage: vetter COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  screen \"NAME\" | --batch FILE   screen names and identifiers against the watchlists\n"
    "  check FILE|- [--store]          screen workers: every check, a scored and explained report each;\n"
    "                                  --store: against the whole stored population, results stored\n"
    "  mrz FILE|-                      parse and validate machine-readable zones (ICAO 9303)\n"
    "  rules [--markdown]              the rule catalogue of the checks\n"
    "  compare \"A\" \"B\" | --batch FILE  score two names against each other\n"
    "  lists [update]                  show the loaded lists; download newer ones\n"
    "  config                          print every setting with its value and meaning\n"
    "  ip ADDRESS...                   what Vetter knows of an IP address: country, AS, VPN/hosting/Tor/DPRK\n"
    "  ipdb build|info                 compile the IP range table from its sources; show what it holds\n"
    "  ingest FILE|-                   store subjects and events in the local store (--db, $VETTER_DB)\n"
    "  report SUBJECT                  a subject's stored report, its history and the analyst's decision\n"
    "  decide SUBJECT --status S ...   record an analyst's decision (cleared, watch, blocked) in the audit log\n"
    "  audit                           print the audit log of decisions\n"
    "  rings [--min-size N]            the stored groups of linked subjects (suspected rings), riskiest first\n"
    "  version                         print the version\n"
    "\n"
    "global options: --data DIR (or $VETTER_DATA), --config FILE (or $VETTER_CONF, ./vetter.conf),\n"
    "                --lists NAMES, --json, --threads N, --quiet\n"
    "Run 'vetter COMMAND --help' for a command's options.\n";

int main(int argc, char **argv)
{
  cli_tune_malloc(argc, argv);
  vet_json_region_install(); /* before any jansson call: `check` makes its reports in regions */
  if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
    fputs(usage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "screen"))
    return cmd_screen(argc - 2, argv + 2);
  if (!strcmp(cmd, "check"))
    return cmd_check(argc - 2, argv + 2);
  if (!strcmp(cmd, "mrz"))
    return cmd_mrz(argc - 2, argv + 2);
  if (!strcmp(cmd, "rules"))
    return cmd_rules(argc - 2, argv + 2);
  if (!strcmp(cmd, "compare"))
    return cmd_compare(argc - 2, argv + 2);
  if (!strcmp(cmd, "lists"))
    return cmd_lists(argc - 2, argv + 2);
  if (!strcmp(cmd, "config"))
    return cmd_config(argc - 2, argv + 2);
  if (!strcmp(cmd, "ip"))
    return cmd_ip(argc - 2, argv + 2);
  if (!strcmp(cmd, "ipdb"))
    return cmd_ipdb(argc - 2, argv + 2);
  if (!strcmp(cmd, "ingest"))
    return cmd_ingest(argc - 2, argv + 2);
  if (!strcmp(cmd, "report"))
    return cmd_report(argc - 2, argv + 2);
  if (!strcmp(cmd, "decide"))
    return cmd_decide(argc - 2, argv + 2);
  if (!strcmp(cmd, "audit"))
    return cmd_audit(argc - 2, argv + 2);
  if (!strcmp(cmd, "rings"))
    return cmd_rings(argc - 2, argv + 2);
  if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
    puts("vetter " VET_VERSION);
    return 0;
  }
  return cli_usage_error("unknown command '%s'\n%s", cmd, usage);
}
