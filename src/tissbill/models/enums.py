"""ANS domain tables (Terminologia TUSS / simple types ``dm_*`` of the TISS XSD) as enums.

Each enum's ``__xsd_type__`` names the XSD simple type it mirrors; a test compares the values
with that type's enumeration in :mod:`tissbill.spec` for every version whose elements use it,
so an enum cannot drift from ANS.
Member names say what the code means; the value is the code written in the XML.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import ClassVar

from tissbill.versions import TissVersion


def fold_name(text: str) -> str:
    """Lowercase, without accents; spaces, hyphens and slashes become underscores."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[\s\-/]+", "_", plain.strip().lower())


class TissEnum(StrEnum):
    """Base of the domain-table enums.

    A member is given by its code (``"06"``) or by its name in any case, with or without
    accents (``"CRM"``, ``"rs"``, ``"não acidente"``): the same forms in models, JSON, YAML and
    CSV. The code is what the XML carries.
    """

    __xsd_type__: ClassVar[str]
    __since__: ClassVar[dict[str, TissVersion]] = {}
    """Codes that exist only from a later TISS version on (code → first version)."""

    @classmethod
    def _missing_(cls, value: object) -> TissEnum | None:
        if not isinstance(value, str):
            return None
        code = value.strip()
        for member in cls:
            if member.value == code:
                return member
        return cls.__members__.get(fold_name(value).upper())


class SimNao(TissEnum):
    __xsd_type__ = "dm_simNao"
    SIM = "S"
    NAO = "N"


class TipoTransacao(TissEnum):
    """Tipo de transação (dm_tipoTransacao). Providers billing a lote send ENVIO_LOTE_GUIAS."""

    __xsd_type__ = "dm_tipoTransacao"
    ENVIO_LOTE_GUIAS = "ENVIO_LOTE_GUIAS"
    ENVIO_ANEXO = "ENVIO_ANEXO"
    SOLIC_DEMONSTRATIVO_RETORNO = "SOLIC_DEMONSTRATIVO_RETORNO"
    SOLIC_STATUS_PROTOCOLO = "SOLIC_STATUS_PROTOCOLO"
    SOLICITACAO_PROCEDIMENTOS = "SOLICITACAO_PROCEDIMENTOS"
    SOLICITA_STATUS_AUTORIZACAO = "SOLICITA_STATUS_AUTORIZACAO"
    VERIFICA_ELEGIBILIDADE = "VERIFICA_ELEGIBILIDADE"
    CANCELA_GUIA = "CANCELA_GUIA"
    COMUNICACAO_BENEFICIARIO = "COMUNICACAO_BENEFICIARIO"
    RECURSO_GLOSA = "RECURSO_GLOSA"
    SOLIC_STATUS_RECURSO_GLOSA = "SOLIC_STATUS_RECURSO_GLOSA"
    ENVIO_DOCUMENTO = "ENVIO_DOCUMENTO"
    PROTOCOLO_RECEBIMENTO = "PROTOCOLO_RECEBIMENTO"
    PROTOCOLO_RECEBIMENTO_ANEXO = "PROTOCOLO_RECEBIMENTO_ANEXO"
    RECEBIMENTO_RECURSO_GLOSA = "RECEBIMENTO_RECURSO_GLOSA"
    DEMONSTRATIVO_ANALISE_CONTA = "DEMONSTRATIVO_ANALISE_CONTA"
    DEMONSTRATIVO_PAGAMENTO = "DEMONSTRATIVO_PAGAMENTO"
    DEMONSTRATIVO_ODONTOLOGIA = "DEMONSTRATIVO_ODONTOLOGIA"
    SITUACAO_PROTOCOLO = "SITUACAO_PROTOCOLO"
    RESPOSTA_SOLICITACAO = "RESPOSTA_SOLICITACAO"
    AUTORIZACAO_ODONTOLOGIA = "AUTORIZACAO_ODONTOLOGIA"
    STATUS_AUTORIZACAO = "STATUS_AUTORIZACAO"
    SITUACAO_ELEGIBILIDADE = "SITUACAO_ELEGIBILIDADE"
    CANCELAMENTO_GUIA_RECIBO = "CANCELAMENTO_GUIA_RECIBO"
    RECIBO_COMUNICACAO = "RECIBO_COMUNICACAO"
    RESPOSTA_RECURSO_GLOSA = "RESPOSTA_RECURSO_GLOSA"
    RECEBIMENTO_DOCUMENTO = "RECEBIMENTO_DOCUMENTO"


class TipoIdentificacao(TissEnum):
    """Tipo de identificação do beneficiário (tabela 72)."""

    __xsd_type__ = "dm_tipoIdent"
    TARJA_MAGNETICA = "01"
    CODIGO_DE_BARRAS = "02"
    CARTAO_FISICO = "03"
    QR_CODE = "04"
    IMPRESSAO_DIGITAL = "05"
    LEITURA_FACIAL = "06"
    LEITURA_DE_IRIS = "07"
    GEOMETRIA_DA_MAO = "08"
    CARTAO_VIRTUAL = "09"


class ConselhoProfissional(TissEnum):
    """Conselho profissional (tabela 26)."""

    __xsd_type__ = "dm_conselhoProfissional"
    CRESS = "01"
    COREN = "02"
    CRF = "03"
    CRFA = "04"
    CREFITO = "05"
    CRM = "06"
    CRN = "07"
    CRO = "08"
    CRP = "09"
    OUTROS = "10"
    CRBIO = "11"
    CRBM = "12"
    CREF = "13"
    CRMV = "14"
    CRTR = "15"


class UF(TissEnum):
    """Unidade federativa by IBGE code (tabela 59); the XML carries the code, not the letters."""

    __xsd_type__ = "dm_UF"
    RO = "11"
    AC = "12"
    AM = "13"
    RR = "14"
    PA = "15"
    AP = "16"
    TO = "17"
    MA = "21"
    PI = "22"
    CE = "23"
    RN = "24"
    PB = "25"
    PE = "26"
    AL = "27"
    SE = "28"
    BA = "29"
    MG = "31"
    ES = "32"
    RJ = "33"
    SP = "35"
    PR = "41"
    SC = "42"
    RS = "43"
    MS = "50"
    MT = "51"
    GO = "52"
    DF = "53"
    EXTERIOR = "98"


class Tabela(TissEnum):
    """Tabela de referência do código (tabela 87)."""

    __xsd_type__ = "dm_tabela"
    TUSS_TAXAS_DIARIAS_GASES = "18"
    TUSS_MATERIAIS_OPME = "19"
    TUSS_MEDICAMENTOS = "20"
    TUSS_PROCEDIMENTOS = "22"
    PACOTE_ODONTOLOGICO = "90"
    PACOTE = "98"
    TABELA_PROPRIA = "00"


class CaraterAtendimento(TissEnum):
    __xsd_type__ = "dm_caraterAtendimento"
    ELETIVO = "1"
    URGENCIA_EMERGENCIA = "2"


class TipoFaturamento(TissEnum):
    """Tipo de faturamento do resumo de internação (tabela 55)."""

    __xsd_type__ = "dm_tipoFaturamento"
    PARCIAL = "1"
    FINAL = "2"
    COMPLEMENTAR = "3"
    TOTAL = "4"


class TipoInternacao(TissEnum):
    __xsd_type__ = "dm_tipoInternacao"
    CLINICA = "1"
    CIRURGICA = "2"
    OBSTETRICA = "3"
    PEDIATRICA = "4"
    PSIQUIATRICA = "5"


class RegimeInternacao(TissEnum):
    __xsd_type__ = "dm_regimeInternacao"
    HOSPITALAR = "1"
    HOSPITAL_DIA = "2"
    DOMICILIAR = "3"


class IndicadorAcidente(TissEnum):
    __xsd_type__ = "dm_indicadorAcidente"
    TRABALHO = "0"
    TRANSITO = "1"
    OUTROS_ACIDENTES = "2"
    NAO_ACIDENTE = "9"


class MotivoEncerramento(TissEnum):
    """Motivo de encerramento da internação (tabela 39, dm_motivoSaida)."""

    __xsd_type__ = "dm_motivoSaida"
    ALTA_CURADO = "11"
    ALTA_MELHORADO = "12"
    ALTA_A_PEDIDO = "14"
    ALTA_COM_PREVISAO_DE_RETORNO = "15"
    ALTA_POR_EVASAO = "16"
    ALTA_POR_OUTROS_MOTIVOS = "18"
    ALTA_PACIENTE_AGUDO_PSIQUIATRIA = "19"
    PERMANENCIA_CARACTERISTICAS_DA_DOENCA = "21"
    PERMANENCIA_INTERCORRENCIA = "22"
    PERMANENCIA_IMPOSSIBILIDADE_SOCIO_FAMILIAR = "23"
    PERMANENCIA_DOACAO_ORGAOS_DOADOR_VIVO = "24"
    PERMANENCIA_DOACAO_ORGAOS_DOADOR_MORTO = "25"
    PERMANENCIA_MUDANCA_DE_PROCEDIMENTO = "26"
    PERMANENCIA_REOPERACAO = "27"
    PERMANENCIA_OUTROS_MOTIVOS = "28"
    TRANSFERIDO_OUTRO_ESTABELECIMENTO = "31"
    TRANSFERIDO_INTERNACAO_DOMICILIAR = "32"
    OBITO_DECLARACAO_MEDICO_ASSISTENTE = "41"
    OBITO_DECLARACAO_IML = "42"
    OBITO_DECLARACAO_SVO = "43"
    ENCERRAMENTO_ADMINISTRATIVO = "51"
    ALTA_MAE_E_RECEM_NASCIDO = "61"
    ALTA_MAE_PERMANENCIA_RECEM_NASCIDO = "62"
    ALTA_MAE_OBITO_RECEM_NASCIDO = "63"
    ALTA_MAE_OBITO_FETAL = "64"
    OBITO_GESTANTE_E_CONCEPTO = "65"
    OBITO_MAE_ALTA_RECEM_NASCIDO = "66"
    OBITO_MAE_PERMANENCIA_RECEM_NASCIDO = "67"


class MotivoSaidaObito(TissEnum):
    """Motivo de encerramento in SP/SADT: only deaths (dm_motivoSaidaObito)."""

    __xsd_type__ = "dm_motivoSaidaObito"
    OBITO_DECLARACAO_MEDICO_ASSISTENTE = "41"
    OBITO_DECLARACAO_IML = "42"
    OBITO_DECLARACAO_SVO = "43"


class TipoAtendimento(TissEnum):
    """Tipo de atendimento da SP/SADT (tabela 50).

    23 is enumerated without a label in the XSD; portals show it as "Exame".
    """

    __xsd_type__ = "dm_tipoAtendimento"
    REMOCAO = "01"
    PEQUENA_CIRURGIA = "02"
    OUTRAS_TERAPIAS = "03"
    CONSULTA = "04"
    QUIMIOTERAPIA = "08"
    RADIOTERAPIA = "09"
    TERAPIA_RENAL_SUBSTITUTIVA = "10"
    PEQUENOS_ATENDIMENTOS = "13"
    EXAME = "23"


class RegimeAtendimento(TissEnum):
    __xsd_type__ = "dm_regimeAtendimento"
    AMBULATORIAL = "01"
    DOMICILIAR = "02"
    INTERNACAO = "03"
    PRONTO_SOCORRO = "04"
    TELESSAUDE = "05"


class TipoConsulta(TissEnum):
    __xsd_type__ = "dm_tipoConsulta"
    PRIMEIRA = "1"
    SEGUIMENTO = "2"
    PRE_NATAL = "3"
    POR_ENCAMINHAMENTO = "4"


class SaudeOcupacional(TissEnum):
    __xsd_type__ = "dm_saudeOcupacional"
    ADMISSIONAL = "01"
    DEMISSIONAL = "02"
    PERIODICO = "03"
    RETORNO_AO_TRABALHO = "04"
    MUDANCA_DE_FUNCAO = "05"
    PROMOCAO_A_SAUDE = "06"


class CoberturaEspecial(TissEnum):
    __xsd_type__ = "dm_cobEsp"
    GESTANTE = "01"
    PRE_OPERATORIO = "02"
    POS_OPERATORIO = "03"


class AusenciaCodValidacao(TissEnum):
    __xsd_type__ = "dm_ausenciaCodValidacao"
    BENEFICIARIO_INTERNADO = "01"
    URGENCIA_EMERGENCIA = "02"
    INSTABILIDADE_DE_SISTEMAS = "03"
    BENEFICIARIO_NEGOU_TOKEN = "04"
    COLETA_DOMICILIAR = "05"
    MATERIAL_ENVIADO_POR_TERCEIROS = "06"
    BENEFICIARIO_SEM_CELULAR = "07"


class GrauParticipacao(TissEnum):
    __xsd_type__ = "dm_grauPart"
    CIRURGIAO = "00"
    PRIMEIRO_AUXILIAR = "01"
    SEGUNDO_AUXILIAR = "02"
    TERCEIRO_AUXILIAR = "03"
    QUARTO_AUXILIAR = "04"
    INSTRUMENTADOR = "05"
    ANESTESISTA = "06"
    AUXILIAR_DE_ANESTESISTA = "07"
    CONSULTOR = "08"
    PERFUSIONISTA = "09"
    PEDIATRA_NA_SALA_DE_PARTO = "10"
    AUXILIAR_SADT = "11"
    CLINICO = "12"
    INTENSIVISTA = "13"


class ViaAcesso(TissEnum):
    __xsd_type__ = "dm_viaDeAcesso"
    UNICA = "1"
    MESMA_VIA = "2"
    DIFERENTES_VIAS = "3"


class TecnicaUtilizada(TissEnum):
    __xsd_type__ = "dm_tecnicaUtilizada"
    CONVENCIONAL = "1"
    VIDEOLAPAROSCOPIA = "2"
    ROBOTICA = "3"


class CodigoDespesa(TissEnum):
    """Código de despesa of an outra despesa (tabela 25). 04 and 06 are inactive."""

    __xsd_type__ = "dm_outrasDespesas"
    GASES_MEDICINAIS = "01"
    MEDICAMENTOS = "02"
    MATERIAIS = "03"
    DIARIAS = "05"
    TAXAS_E_ALUGUEIS = "07"
    OPME = "08"


class UnidadeMedida(TissEnum):
    """Unidade de medida (tabela 60)."""

    __xsd_type__ = "dm_unidadeMedida"
    AMPOLA = "001"
    BILHOES_UNIDADES_INTERNACIONAIS = "002"
    BISNAGA = "003"
    BOLSA = "004"
    CAIXA = "005"
    CAPSULA = "006"
    CARPULE = "007"
    COMPRIMIDO = "008"
    DOSE = "009"
    DRAGEA = "010"
    ENVELOPE = "011"
    FLACONETE = "012"
    FRASCO = "013"
    FRASCO_AMPOLA = "014"
    GALAO = "015"
    GLOBULO = "016"
    GOTAS = "017"
    GRAMA = "018"
    LITRO = "019"
    MICROGRAMAS = "020"
    MILHOES_UNIDADES_INTERNACIONAIS = "021"
    MILIGRAMA = "022"
    MILILITRO = "023"
    OVULO = "024"
    PASTILHA = "025"
    LATA = "026"
    PEROLA = "027"
    PILULA = "028"
    POTE = "029"
    QUILOGRAMA = "030"
    SERINGA = "031"
    SUPOSITORIO = "032"
    TABLETE = "033"
    TUBETE = "034"
    TUBO = "035"
    UNIDADE = "036"
    UNIDADE_INTERNACIONAL = "037"
    CENTIMETRO = "038"
    CONJUNTO = "039"
    KIT = "040"
    MACO = "041"
    METRO = "042"
    PACOTE = "043"
    PECA = "044"
    ROLO = "045"
    GRAY = "046"
    CENTGRAY = "047"
    PAR = "048"
    ADESIVO_TRANSDERMICO = "049"
    COMPRIMIDO_EFERVESCENTE = "050"
    COMPRIMIDO_MASTIGAVEL = "051"
    SACHE = "052"
    METRO_053 = "053"
    METRO_QUADRADO = "054"
    METRO_CUBICO = "055"
    MILIGRAMA_POR_PESO = "056"
    MILIGRAMA_POR_METRO_QUADRADO = "057"
    CALORIA = "058"
    UI_POR_METRO_QUADRADO = "059"
    UI_POR_MILILITRO = "060"
    CENTIMETRO_CUBICO = "061"


class CentroConsumo(TissEnum):
    """Centro de consumo (only from TISS 4.03.00)."""

    __xsd_type__ = "dm_centroConsumo"
    BERCARIO = "1"
    ENFERMARIA = "2"
    APARTAMENTO = "3"
    SEMI_UTI = "4"
    UTI = "5"
    CENTRO_CIRURGICO = "6"
    PRONTO_SOCORRO = "7"
    RADIOLOGIA = "8"
    LABORATORIO = "9"
    NUTRICAO = "10"


class StatusProtocolo(TissEnum):
    """Situação de um protocolo, guia ou demonstrativo (dm_statusProtocolo)."""

    __xsd_type__ = "dm_statusProtocolo"
    __since__: ClassVar[dict[str, TissVersion]] = {"10": TissVersion.V4_02_00}
    RECEBIDO = "1"
    EM_ANALISE = "2"
    LIBERADO_PARA_PAGAMENTO = "3"
    ENCERRADO_SEM_PAGAMENTO = "4"
    ANALISADO_AGUARDANDO_LIBERACAO = "5"
    PAGAMENTO_EFETUADO = "6"
    NAO_LOCALIZADO = "7"
    AGUARDANDO_INFORMACAO_COMPLEMENTAR = "8"
    CANCELADO = "9"
    BLOQUEIO_JUDICIAL_PRESTADOR = "10"


class ObjetoRecurso(TissEnum):
    """Objeto do recurso de glosa (dm_objetoRecurso): the whole protocolo or guias."""

    __xsd_type__ = "dm_objetoRecurso"
    RECURSO_PROTOCOLO = "1"
    RECURSO_GUIA = "2"


class TipoDemonstrativoPagamento(TissEnum):
    """Demonstrativo de pagamento pedido (dm_tipoDemonstrativoPagamento)."""

    __xsd_type__ = "dm_tipoDemonstrativoPagamento"
    PAGAMENTO = "1"
    PAGAMENTO_ODONTOLOGIA = "3"


class FormaPagamento(TissEnum):
    __xsd_type__ = "dm_formaPagamento"
    DEPOSITO_TRANSFERENCIA = "1"
    CARTEIRA = "2"
    BOLETO_DDA = "3"
    DINHEIRO_CHEQUE = "4"


class IndicadorDebitoCredito(TissEnum):
    __xsd_type__ = "dm_debitoCreditoIndicador"
    DEBITO = "1"
    CREDITO = "2"


class TipoDebitoCredito(TissEnum):
    __xsd_type__ = "dm_debitoCreditoTipo"
    IRRF = "01"
    ISS = "02"
    INSS = "03"
    PIS = "04"
    COFINS = "05"
    CSLL = "06"
    DESCONTOS_FINANCEIROS = "07"
    AJUSTE_PAGAMENTO_ANTERIOR = "08"
    DETERMINACAO_JUDICIAL = "09"


class TipoPagamento(TissEnum):
    """Pagamento of a guia: first analysis or a recurso (dm_tipoPagamento)."""

    __xsd_type__ = "dm_tipoPagamento"
    INICIAL = "1"
    RECURSO = "2"


ALL_ENUMS: tuple[type[TissEnum], ...] = tuple(TissEnum.__subclasses__())
