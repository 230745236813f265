/*
 * gazette.c: the entry point. It only dispatches to the subcommand named
 * by the first argument; each subcommand lives in its own file.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

typedef struct {
    const char *name;
    int (*main)(int argc, char **argv);
    const char *summary;
} subcommand_t;

static const subcommand_t subcommands[] = {
    {"init", cli_init_main, "create the store (var/gazette.db by default) and its schema"},
    {"serve", cli_serve_main, "serve the site over HTTP"},
    {"import", cli_import_main, "import articles from files in the sample's text format"},
    {"user", cli_user_main, "add, list, disable newsroom accounts and change passwords"},
    {"media", cli_media_main, "bring a folder of pictures into the store; remove unused media"},
    {"reindex", cli_reindex_main, "rebuild the search index and the automatic related lists"},
    {"db", cli_db_main, "migrate the schema, show its status, copy a site to another store"},
};

static void print_usage(FILE *out)
{
    fprintf(out, "usage: gazette COMMAND [options]\n\n"
                 "Gazette is a news publishing engine.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
        fprintf(out, "  %-8s %s\n", subcommands[i].name, subcommands[i].summary);
    }
    fprintf(out, "\n'gazette COMMAND --help' tells more about a command.\n"
                 "Options: --help, --version.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        print_usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("gazette %s\n", GZ_VERSION);
        return CLI_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
        if (strcmp(name, subcommands[i].name) == 0) {
            return subcommands[i].main(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "gazette: unknown command '%s' (see 'gazette --help')\n", name);
    return CLI_EXIT_USAGE;
}
