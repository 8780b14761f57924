"""Makes tiny-resnet.pt: a tiny ResNet-shaped TorchScript feature extractor with BatchNorm, for offline tests.

Its top-level submodules are named like torchvision's ResNet (conv1, bn1, layer1, layer2; no fc), so the
parameter names' first path element gives the stages that unfreeze_stages counts. It is scripted
(torch.jit.script), not traced: a scripted module's BatchNorm follows train()/eval() (a module traced in eval mode
has inference-mode BatchNorm baked in), which is what the tests of "BatchNorm in a frozen backbone" need.
Input [N, 3, H, W] (H, W >= 8), output [N, 16]. Deterministic (seed 0); the running statistics are made
non-trivial (not 0 and 1) so that using them or the batch's statistics gives different features.
Run: /usr/bin/python3 make_tiny_resnet.py   (Debian: apt-get install python3-torch)
"""
import torch
from torch import nn

torch.manual_seed(0)


def stage(cin, cout, stride):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU())


class TinyResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu = nn.ReLU()
        self.layer1 = stage(8, 8, 1)
        self.layer2 = stage(8, 16, 2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer2(self.layer1(x))
        return torch.flatten(self.avgpool(x), 1)


net = TinyResNet()
for m in net.modules():
    if isinstance(m, nn.BatchNorm2d):
        m.running_mean.uniform_(-0.5, 0.5)
        m.running_var.uniform_(0.5, 2.0)
scripted = torch.jit.script(net.eval())
scripted.save("tiny-resnet.pt")
print("parameters:", [name for name, _ in scripted.named_parameters()])
print("features for a zero 32x32 image:", scripted(torch.zeros(1, 3, 32, 32)).shape)
