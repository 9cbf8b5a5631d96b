"""Click's own texts (usage, help headings, error messages) in Portuguese.

Click 8 marks its messages with the standard ``gettext`` functions of the default domain
(``from gettext import gettext as _``, bound when click is imported). The stdlib only finds
catalogues as compiled ``.mo`` files chosen by the user's LANG, and the CLI speaks Portuguese
whatever the locale; so :func:`install` puts our catalogue in front of the default domain's
lookups, which every one of click's calls goes through. Messages we do not know keep passing
through to gettext unchanged.
"""

from __future__ import annotations

import gettext

CATALOGUE: dict[str, str] = {
    # help pages
    "Usage:": "Uso:",
    "Options": "Opções",
    "Commands": "Comandos",
    "Positional arguments": "Argumentos",
    "Show this message and exit.": "Mostra esta ajuda e sai.",
    "Show the version and exit.": "Mostra a versão e sai.",
    "%(prog)s, version %(version)s": "%(prog)s, versão %(version)s",
    "default: {default}": "padrão: {default}",
    "required": "obrigatório",
    "env var: {var}": "variável de ambiente: {var}",
    "(dynamic)": "(dinâmico)",
    "deprecated": "obsoleto",
    # parameter types (names used in metavars and messages)
    "file": "arquivo",
    "directory": "pasta",
    "path": "caminho",
    # errors
    "Error: {message}": "Erro: {message}",
    "Try '{command} {option}' for help.": "Veja '{command} {option}' para ajuda.",
    "Aborted!": "Interrompido.",
    "Missing command.": "Falta o comando.",
    "Missing argument": "Falta o argumento",
    "Missing option": "Falta a opção",
    "Missing parameter": "Falta um parâmetro",
    "Missing parameter: {param_name}": "Falta o parâmetro: {param_name}",
    "Missing {param_type}": "Falta {param_type}",
    "Invalid value for {param_hint}: {message}": "Valor inválido para {param_hint}: {message}",
    "Invalid value: {message}": "Valor inválido: {message}",
    "No such option {name!r}.": "Opção desconhecida: {name!r}.",
    "No such command {name!r}.": "Comando desconhecido: {name!r}.",
    "Did you mean {possibility}?": "Você quis dizer {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Você quis dizer um destes: {possibilities}?)",
    "Got unexpected extra argument ({args})": "Argumento a mais, não esperado: ({args})",
    "Got unexpected extra arguments ({args})": "Argumentos a mais, não esperados: ({args})",
    "Option {name!r} does not take a value.": "A opção {name!r} não aceita valor.",
    "Option {name!r} requires an argument.": "A opção {name!r} precisa de um valor.",
    "Option {name!r} requires {nargs} arguments.": "A opção {name!r} precisa de {nargs} valores.",
    "Argument {name!r} takes {nargs} values.": "O argumento {name!r} recebe {nargs} valores.",
    "Takes {nargs} values but 1 was given.": "Recebe {nargs} valores, mas 1 foi informado.",
    "Takes {nargs} values but {len} were given.": (
        "Recebe {nargs} valores, mas {len} foram informados."
    ),
    "Value must be an iterable.": "O valor deve ser uma lista.",
    "Could not open file {filename!r}: {message}": (
        "Não foi possível abrir o arquivo {filename!r}: {message}"
    ),
    "unknown error": "erro desconhecido",
    "{value!r} is not {choice}.": "{value!r} não é {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} não é um destes: {choices}.",
    "Choose from:\n\t{choices}": "Escolha um destes:\n\t{choices}",
    "{value} is not in the range {range}.": "{value} está fora do intervalo {range}.",
    "{value!r} is not a valid {number_type}.": "{value!r} não é um número válido.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} não é um valor sim/não válido. Valores aceitos: {states}"
    ),
    "{value!r} does not match the format {format}.": "{value!r} não está no formato {format}.",
    "{value!r} does not match the formats {formats}.": (
        "{value!r} não está em nenhum dos formatos {formats}."
    ),
    "{value!r} is not a valid UUID.": "{value!r} não é um UUID válido.",
    "{name} {filename!r} is a file.": "{name} {filename!r} é um arquivo.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} é uma pasta.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} não pode ser lido.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} não pode ser gravado.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} não é executável.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} não existe.",
    "Do you want to continue?": "Deseja continuar?",
    "Confirm the action without prompting.": "Confirma a ação sem perguntar.",
    "Repeat for confirmation": "Repita para confirmar",
    "Error: The two entered values do not match.": "Erro: os dois valores digitados diferem.",
    "Error: invalid input": "Erro: entrada inválida",
    "Press any key to continue...": "Tecle algo para continuar...",
}

_installed = False


def install() -> None:
    """Route the default gettext domain's lookups through :data:`CATALOGUE` (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    original_dgettext = gettext.dgettext
    original_dngettext = gettext.dngettext
    default_domain = gettext.textdomain()

    def dgettext(domain: str, message: str) -> str:
        if domain == default_domain and message in CATALOGUE:
            return CATALOGUE[message]
        return original_dgettext(domain, message)

    def dngettext(domain: str, msgid1: str, msgid2: str, n: int) -> str:
        message = msgid1 if n == 1 else msgid2
        if domain == default_domain and message in CATALOGUE:
            return CATALOGUE[message]
        return original_dngettext(domain, msgid1, msgid2, n)

    # gettext.gettext and gettext.ngettext (what click calls) look these up at each call.
    gettext.dgettext = dgettext
    gettext.dngettext = dngettext
