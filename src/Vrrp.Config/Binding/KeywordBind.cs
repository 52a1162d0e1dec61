using Vrrp.Config.Syntax;

namespace Vrrp.Config.Binding;

/// <summary>Reads one statement into the options of the block it is in.</summary>
/// <param name="binder">The binder, whose helpers read and report values.</param>
/// <param name="node">The statement.</param>
/// <param name="scope">The option path of the block and the options object it fills.</param>
internal delegate void KeywordBind(KeepalivedBinder binder, ConfNode node, BindScope scope);
