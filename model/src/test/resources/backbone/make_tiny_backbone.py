"""Makes tiny-backbone.pt: a tiny TorchScript feature extractor for offline tests.

Input [N, 3, H, W] (any H, W >= 8), output [N, 16] features: what an ImageNet backbone with its classifier
removed (e.g. torchvision's resnet18 with fc = Identity) gives, only much smaller. Deterministic (seed 0).
Run: /usr/bin/python3 make_tiny_backbone.py   (Debian: apt-get install python3-torch)
"""
import torch
from torch import nn

torch.manual_seed(0)


class TinyBackbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten())

    def forward(self, x):
        return self.features(x)


net = TinyBackbone().eval()
with torch.no_grad():
    traced = torch.jit.trace(net, torch.zeros(1, 3, 32, 32))
traced.save("tiny-backbone.pt")
print("features for a zero 32x32 image:", traced(torch.zeros(1, 3, 32, 32)).shape)
